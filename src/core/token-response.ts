import type { SessionInput } from './session.js'

interface TokenFields {
  token?: string
  accessToken?: string
  access_token?: string
  expiresIn?: number
  expires_in?: number
}

/**
 * Reads the backend's envelope `{ data: { token, expiresIn } }` (ms), `{ accessToken, expiresIn }`
 * (ms) and OAuth's `{ access_token, expires_in }` (seconds). A missing token is caught by the
 * session, which names it.
 */
export function parseTokenResponse(body: unknown): SessionInput {
  const { data = body } = (body ?? {}) as { data?: unknown }
  const {
    token,
    accessToken = token,
    access_token = accessToken,
    expiresIn,
    expires_in,
  } = (data ?? {}) as TokenFields
  return {
    accessToken: access_token as string,
    expiresIn: expiresIn ?? (expires_in === undefined ? undefined : expires_in * 1000),
  }
}

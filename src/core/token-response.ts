import type { SessionInput } from './session'

type Fields = Record<string, unknown>

/**
 * Reads the backend's envelope `{ data: { token, expiresIn } }` (ms), `{ accessToken, expiresIn }` (ms)
 * and OAuth's `{ access_token, expires_in }` (seconds).
 */
export function parseTokenResponse(body: unknown): SessionInput {
  const outer = (body ?? {}) as Fields
  const fields = (typeof outer.data === 'object' && outer.data ? outer.data : outer) as Fields
  const accessToken = fields.token ?? fields.accessToken ?? fields.access_token
  if (typeof accessToken !== 'string' || !accessToken) {
    throw new TypeError('Token response has no `data.token`, `accessToken` or `access_token`')
  }
  const { expiresIn, expires_in } = fields
  if (typeof expiresIn === 'number') return { accessToken, expiresIn }
  if (typeof expires_in === 'number') return { accessToken, expiresIn: expires_in * 1000 }
  return { accessToken }
}

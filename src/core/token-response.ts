/** What a login or refresh hands over: the access token and, if known, when it expires. */
export interface SessionInput {
  accessToken: string
  /** Lifetime in ms, measured from when the response arrived (immune to client clock skew). */
  expiresIn?: number
  /** Absolute expiry, epoch ms. */
  expiresAt?: number
  /**
   * A refresh token the server returned in the body (OAuth). Kept in memory and handed to the
   * next refresh call; with cookies (the default protocol) there is none.
   */
  refreshToken?: string
}

interface TokenFields {
  token?: string
  accessToken?: string
  access_token?: string
  expiresIn?: number
  expires_in?: number
  refreshToken?: string
  refresh_token?: string
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/

/**
 * Reads the backend's envelope `{ data: { token, expiresIn } }` (ms), `{ accessToken, expiresIn }`
 * (ms) and OAuth's `{ access_token, expires_in }` (seconds), with a `refreshToken` /
 * `refresh_token` beside them when the server sends one. A bare `token` outside the envelope is
 * taken only when it is a JWT: cookie-session backends answer a sign-in with `{ token }` holding
 * their session id, which must never travel as a Bearer token. Without an access token the
 * result has none, and a login then gets one with a refresh.
 */
export function parseTokenResponse(body: unknown): SessionInput {
  const { data = body } = (body ?? {}) as { data?: unknown }
  const fields = (data ?? {}) as TokenFields
  const { token, expiresIn, expires_in } = fields
  return {
    accessToken: (fields.access_token ??
      fields.accessToken ??
      (data !== body || JWT.test(token ?? '') ? token : undefined)) as string,
    expiresIn: expiresIn ?? (expires_in === undefined ? undefined : expires_in * 1000),
    refreshToken: fields.refresh_token ?? fields.refreshToken,
  }
}

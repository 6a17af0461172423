// silent-refresh/oauth: the OAuth 2.0 public-client refresh (RFC 6749 §6) as a `refreshRequest`.
import { HttpError, SessionExpiredError } from './core/errors.js'
import { bodyOf } from './fetch/auth-client.js'

export interface OAuthRefreshOptions {
  /** The token endpoint. @example 'https://auth.example.com/oauth/token' */
  tokenUrl: string
  /** The public client's id. */
  clientId: string
  /** Narrows the scope of the new access token (RFC 6749 §6). */
  scope?: string
  /** Further form fields the server wants, e.g. `{ resource: 'https://api.example.com' }`. */
  params?: Record<string, string>
}

/** What both flavours hand to `refreshRequest`: axios's bare client, or the underlying fetch. */
export interface OAuthRefreshContext {
  signal: AbortSignal
  refreshToken?: string
  client?: {
    post(url: string, data: unknown, config: object): Promise<{ data: unknown }>
  }
  fetch?: typeof fetch
}

/**
 * A `refreshRequest` for an OAuth server that returns the refresh token in the body (Keycloak,
 * Auth0, Cognito, oidc-provider…): a `refresh_token` grant, form-encoded, sent without cookies
 * or the CSRF header, so a token endpoint on another origin that allows no credentials works.
 * The server's answer (`access_token`, `expires_in`, a rotated `refresh_token`) is read by the
 * default parser; `invalid_grant` ends the session. Works for both flavours.
 *
 * @example
 * createSilentRefresh(api, { refreshRequest: oauthRefresh({ tokenUrl, clientId: 'spa' }) })
 */
export function oauthRefresh(options: OAuthRefreshOptions) {
  const { tokenUrl, clientId, scope, params } = options
  return async ({ signal, refreshToken, client, fetch: fetchFn }: OAuthRefreshContext) => {
    // Nothing to send (a reload without `refreshTokenStorage`, no other tab to ask): sign in again.
    if (!refreshToken) throw new SessionExpiredError(tokenUrl)
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      ...(scope && { scope }),
      ...params,
    })
    if (client) return (await client.post(tokenUrl, form, { signal })).data
    const response = await (fetchFn ?? fetch)(tokenUrl, { method: 'POST', body: form, signal })
    return bodyOf(response, tokenUrl)
  }
}

export { HttpError }

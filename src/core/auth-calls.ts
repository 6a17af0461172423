import type { AuthCalls } from './session.js'

/** What the default calls need to know, the same for every adapter. */
export interface AuthEndpoints {
  refreshUrl: string
  loginUrl: string
  logoutUrl: string
  header: string
  bearer(token: string): string
}

/**
 * A POST the way the default calls send it: with the refresh cookie and the CSRF header, plus
 * `headers`; resolves to the response body, rejects with what `classify` understands.
 */
export type CookiePost = (
  url: string,
  data: unknown,
  signal?: AbortSignal,
  headers?: Record<string, string>,
) => Promise<unknown>

/**
 * The session's calls on an adapter's transport: the default refresh, login and logout as the
 * protocol has them (docs/protocol.md), or `customRefresh` for the refresh when the app brings
 * its own. Each adapter supplies only how to POST and what its errors mean.
 */
export const authCalls = (
  endpoints: AuthEndpoints,
  post: CookiePost,
  classify: AuthCalls['classify'],
  customRefresh?: AuthCalls['refresh'],
): AuthCalls => ({
  refresh: (context) =>
    customRefresh
      ? customRefresh(context)
      : post(
          endpoints.refreshUrl,
          context.refreshToken && { refreshToken: context.refreshToken },
          context.signal,
        ),
  login: (credentials, signal) => post(endpoints.loginUrl, credentials, signal),
  logout: (token) =>
    post(
      endpoints.logoutUrl,
      undefined,
      undefined,
      token ? { [endpoints.header]: endpoints.bearer(token) } : {},
    ),
  classify,
})

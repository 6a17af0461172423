import type { Normalized, SessionOptions } from '../options.js'

/** `fetch(input, init)`'s `init`, with the per-request opt-outs. */
export interface SilentFetchInit extends RequestInit {
  /** Send without the access token and never refresh for it (public endpoints). */
  skipAuth?: boolean
  /** Never refresh because of this request's 401; it still carries the token. */
  skipAuthRefresh?: boolean
}

/** Options of `createSilentFetch`, the fetch flavour. */
export interface SilentFetchOptions extends SessionOptions {
  /**
   * The fetch underneath; looked up at every call when not given, so msw and test doubles that
   * replace `globalThis.fetch` later still apply. @default globalThis.fetch
   */
  fetch?: typeof fetch
  /** Base for relative `refreshUrl`, `loginUrl` and `logoutUrl` (needed outside a browser). @example 'https://api.example.com' */
  baseUrl?: string
  /** Decides whether a response should refresh and replay; replaces the `statusCodes` check. */
  shouldRefresh?: (response: Response) => boolean
  /**
   * The refresh call, made with the underlying `fetch`; resolves to the response body (throw for
   * an HTTP error: an `HttpError` with its status lets a 401/403 or `invalid_grant` end the
   * session). It sends what it needs: no cookie, no CSRF header unless it asks for them.
   * @example ({ fetch, signal, refreshToken }) => fetch('/oauth/token', { method: 'POST', body: form(refreshToken), signal }).then((r) => r.json())
   */
  refreshRequest?: (context: {
    fetch: typeof fetch
    signal: AbortSignal
    refreshToken?: string
  }) => Promise<unknown>
}

export type FetchOptions = Normalized<SilentFetchOptions>

/** The fetch flavour's own options, by the type of their values (for the development checks). */
export const fetchShape = () => ({
  fetch: Function,
  baseUrl: '',
  shouldRefresh: Function,
  refreshRequest: Function,
})

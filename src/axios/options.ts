import type { AxiosError, AxiosInstance } from 'axios'
import type { Normalized, SessionOptions } from '../options.js'

/** Options of `createSilentRefresh`, the axios flavour. */
export interface SilentRefreshOptions extends SessionOptions {
  /** Decides whether a failed request should refresh and replay; replaces the `statusCodes` check. */
  shouldRefresh?: (error: AxiosError) => boolean
  /**
   * The refresh call, on the bare internal client (the app's transport, none of its
   * interceptors); resolves to the response body. It sends what it needs: no cookie, no CSRF
   * header unless it asks for them. `refreshToken` is the one the last answer carried, if any.
   * @example ({ client, signal, refreshToken }) => client.post('/oauth/token', form(refreshToken), { signal }).then((r) => r.data)
   */
  refreshRequest?: (context: {
    client: AxiosInstance
    signal: AbortSignal
    refreshToken?: string
  }) => Promise<unknown>
}

export type AxiosOptions = Normalized<SilentRefreshOptions>

/** The axios flavour's own options, by the type of their values (for the development checks). */
export const axiosShape = () => ({ shouldRefresh: Function, refreshRequest: Function })

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Never refresh because of this request's 401; it still carries the token. */
    skipAuthRefresh?: boolean
    /** Send without the access token and never refresh for it (public endpoints). */
    skipAuth?: boolean
  }
}

import axios, { type AxiosInstance, isAxiosError } from 'axios'
import type { FailureKind, RefreshCall } from '../core/session.js'
import type { NormalizedOptions } from '../options.js'

/**
 * The bare client for refresh, login and logout: the app's baseURL and adapter but none of its
 * interceptors, so a 401 on the refresh call can never re-enter the refresh logic and deadlock.
 */
export function createAuthClient(api: AxiosInstance, options: NormalizedOptions) {
  const client = axios.create({
    baseURL: api.defaults.baseURL,
    adapter: api.defaults.adapter,
    withCredentials: true,
    headers: options.csrfHeader || {},
  })
  const request =
    options.refreshRequest ??
    (({ signal }) => client.post(options.refreshUrl, undefined, { signal }).then((r) => r.data))
  return {
    client,
    request: (signal) => request({ client, signal }).then(options.parseTokenResponse),
    classify,
  } satisfies RefreshCall & { client: AxiosInstance }
}

/** 401/403 (and OAuth's `invalid_grant`) end the session; no answer, 408, 429 and 5xx are worth a retry. */
function classify(error: unknown): FailureKind {
  if (!isAxiosError(error)) return 'failed'
  const { status, data } = error.response ?? {}
  if (status === 401 || status === 403 || data?.error === 'invalid_grant') return 'expired'
  return !status || status >= 500 || status === 408 || status === 429 ? 'transient' : 'failed'
}

import type { AxiosError, AxiosInstance } from 'axios'
import type { RetryPolicy } from './core/backoff.js'
import { checked, isMs } from './core/checked.js'
import type { SessionInput } from './core/session.js'
import { parseTokenResponse } from './core/token-response.js'

export interface SilentRefreshOptions {
  /** @default '/api/auth/refresh' */
  refreshUrl?: string
  /** @default '/api/auth/login' */
  loginUrl?: string
  /** @default '/api/auth/logout' */
  logoutUrl?: string
  /**
   * Refresh this long before the token expires (at most half its life); `false` turns the timer off.
   * @default 60_000
   */
  refreshAheadMs?: number | false
  /** One refresh attempt's time limit. @default 10_000 */
  refreshTimeoutMs?: number
  /**
   * Retries of transient refresh failures (network, timeout, 408, 429, 5xx); `false` tries once.
   * @default { attempts: 3, baseDelayMs: 300, maxDelayMs: 3000 }
   */
  retry?: Partial<RetryPolicy> | false
  /** Response statuses that mean "access token rejected". @default [401] */
  statusCodes?: number[]
  /** Decides whether a failed request should refresh and replay; replaces the `statusCodes` check. */
  shouldRefresh?: (error: AxiosError) => boolean
  /** @default 'Authorization' */
  header?: string
  /** Prefix of the header value; `''` sends the bare token (API-key style headers). @default 'Bearer' */
  scheme?: string
  /**
   * The refresh call, made on the bare internal client; resolves to the response body.
   * @example ({ client, signal }) => client.post('/oauth/token', form, { signal }).then((r) => r.data)
   */
  refreshRequest?: (context: { client: AxiosInstance; signal: AbortSignal }) => Promise<unknown>
  /** Turns a login/refresh response body into a session. @default envelope, `accessToken` or OAuth fields */
  parseTokenResponse?: (body: unknown) => SessionInput
  /**
   * Headers sent on refresh, login and logout (the cookie-authenticated calls); `false` sends none.
   * @default { 'X-Requested-With': 'XMLHttpRequest' }
   */
  csrfHeader?: Record<string, string> | false
  /** One refresh across tabs and logout everywhere (Web Locks + BroadcastChannel). @default true */
  crossTab?: boolean
}

export type NormalizedOptions = Required<Omit<SilentRefreshOptions, 'retry' | 'refreshRequest'>> &
  Pick<SilentRefreshOptions, 'refreshRequest'> & { retry: RetryPolicy }

const defaultOptions = {
  retry: {},
  refreshUrl: '/api/auth/refresh',
  loginUrl: '/api/auth/login',
  logoutUrl: '/api/auth/logout',
  refreshAheadMs: 60_000,
  refreshTimeoutMs: 10_000,
  statusCodes: [401],
  header: 'Authorization',
  scheme: 'Bearer',
  parseTokenResponse,
  csrfHeader: { 'X-Requested-With': 'XMLHttpRequest' },
  crossTab: true,
}
const defaultRetry: RetryPolicy = { attempts: 3, baseDelayMs: 300, maxDelayMs: 3000 }

// What each option is checked against: its default, or any value of its type.
const shape = { ...defaultOptions, shouldRefresh: isMs, refreshRequest: isMs }
const falseAllowed = ['refreshAheadMs', 'retry', 'csrfHeader']

export function normalizeOptions(options: SilentRefreshOptions = {}): NormalizedOptions {
  const retry = options.retry === false ? { attempts: 1 } : options.retry
  const normalized = {
    ...defaultOptions,
    ...checked(options, shape, 'option ', falseAllowed),
    retry: { ...defaultRetry, ...checked(retry ?? {}, defaultRetry, 'option `retry`: ') },
  } as NormalizedOptions
  normalized.shouldRefresh ??= (error) =>
    normalized.statusCodes.includes(error.response?.status ?? 0)
  return normalized
}

/** The header's value for `token`: `Bearer <token>`, or the bare token when the scheme is empty. */
export function headerValue({ scheme }: NormalizedOptions, token: string): string {
  return scheme ? `${scheme} ${token}` : token
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Never refresh because of this request's 401; it still carries the token. */
    skipAuthRefresh?: boolean
    /** Send without the access token and never refresh for it (public endpoints). */
    skipAuth?: boolean
  }
}

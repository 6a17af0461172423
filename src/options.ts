import { checkOptions } from './core/checked.js'
import type { SilentSession } from './core/public-session.js'
import type { RetryPolicy } from './core/refresh-flight.js'
import type { RefreshTokenStorage } from './core/session.js'
import { parseTokenResponse, type SessionInput } from './core/token-response.js'

/** The options both flavours (axios and fetch) share: they describe the session and its endpoints. */
export interface SessionOptions {
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
  /** @default 'Authorization' */
  header?: string
  /** Prefix of the header value; `''` sends the bare token (API-key style headers). @default 'Bearer' */
  scheme?: string
  /** Turns a login/refresh response body into a session. @default envelope, `accessToken` or OAuth fields */
  parseTokenResponse?: (body: unknown) => SessionInput
  /**
   * Headers sent on the default refresh, login and logout calls (the cookie-authenticated ones);
   * `false` sends none. A custom `refreshRequest` sends its own.
   * @default { 'X-Requested-With': 'XMLHttpRequest' }
   */
  csrfHeader?: Record<string, string> | false
  /** One refresh across tabs and logout everywhere (Web Locks + BroadcastChannel). @default true */
  crossTab?: boolean
  /**
   * Where to keep a refresh token the server returns in the body (OAuth), e.g. `sessionStorage`
   * through a small wrapper. Never by default: in memory a script injected into the page can
   * use it only while the page is open; in storage it can take it away.
   * @example { get: () => sessionStorage.getItem('rt'), set: (t) => sessionStorage.setItem('rt', t), remove: () => sessionStorage.removeItem('rt') }
   */
  refreshTokenStorage?: RefreshTokenStorage
  /**
   * Share the session of an existing `createSilentRefresh` or `createSilentFetch`: one token, one
   * refresh, one cross-tab link for both. The session's own options come from its creator.
   */
  session?: SilentSession
}

const defaults = {
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

/** The fields of `input` that are not undefined (an explicit undefined means "the default"). */
const defined = <T extends object>(input: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value !== undefined)) as T

/** Options without a default: absent unless given. */
type NoDefault = 'session' | 'refreshRequest' | 'refreshTokenStorage' | 'fetch' | 'baseUrl'

export type Normalized<O extends SessionOptions> = Omit<Required<O>, 'retry' | NoDefault> &
  Pick<O, Extract<keyof O, NoDefault>> & {
    retry: RetryPolicy
    /** The header's value for `token`: `Bearer <token>`, or the bare token when the scheme is empty. */
    bearer(token: string): string
  }

/**
 * Applies the defaults. In development builds every option is checked first (`extra`: the
 * flavour's own, any value of the right type): a TypeError names an unknown or mistyped one.
 */
export function normalizeOptions<O extends SessionOptions>(
  options: O = {} as O,
  extra: () => object,
): Normalized<O> {
  if (typeof process === 'object' && process.env.NODE_ENV !== 'production')
    checkOptions(
      options,
      { ...defaults, refreshTokenStorage: {}, session: {}, ...extra() },
      defaultRetry,
    )
  const retry = options.retry === false ? { attempts: 1 } : options.retry
  const normalized = {
    ...defaults,
    ...defined(options),
    retry: { ...defaultRetry, ...defined(retry) },
    bearer: (token: string) => (normalized.scheme ? `${normalized.scheme} ${token}` : token),
  } as unknown as Normalized<O>
  return normalized
}

// silent-refresh/fetch: the same session for `fetch`, without axios.
export type { SilentRefreshErrorCode } from './core/errors.js'
export {
  HttpError,
  isRefreshError,
  isSessionExpired,
  RefreshError,
  SessionExpiredError,
  SilentRefreshError,
} from './core/errors.js'
export type { SilentRefreshEvents } from './core/events.js'
export type { SilentSession } from './core/public-session.js'
export type { RetryPolicy } from './core/refresh-flight.js'
export type { RefreshTokenStorage } from './core/session.js'
export type { SessionInput } from './core/token-response.js'
export { parseTokenResponse } from './core/token-response.js'
export type { SilentFetch } from './create-silent-fetch.js'
export { createSilentFetch } from './create-silent-fetch.js'
export type { SilentFetchInit, SilentFetchOptions } from './fetch/options.js'
export type { SessionOptions } from './options.js'

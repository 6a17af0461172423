export type { SilentRefreshOptions } from './axios/options.js'
export type { SilentRefreshErrorCode } from './core/errors.js'
export {
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
export type { SilentRefresh } from './create-silent-refresh.js'
export { createSilentRefresh } from './create-silent-refresh.js'
export type { SessionOptions } from './options.js'

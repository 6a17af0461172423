// What both entries export beside their own factory and options: the session's errors and
// their guards, its event and input types, and the token-response parser.
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
export type { SessionOptions } from './options.js'

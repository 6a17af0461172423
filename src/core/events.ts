import type { RefreshError, SessionExpiredError } from './errors.js'

/** Event payloads are objects so fields can be added without breaking listeners. */
export interface SilentRefreshEvents {
  /**
   * A new access token: this tab refreshed, or another tab did and shared it (`fromOtherTab`).
   * Every waiting request is being replayed with `accessToken`.
   */
  refreshed: { accessToken: string; expiresAt: number | null; fromOtherTab: boolean }
  /** The refresh token was refused: the user must sign in again. Fires once per ended session. */
  sessionExpired: { error: SessionExpiredError; fromOtherTab: boolean }
  /** `logout()` finished, in this tab or another (whether or not the server could be reached). */
  loggedOut: { fromOtherTab: boolean }
  /** A transient refresh failure outlived its retries; the session stays and the next request tries again. */
  refreshFailed: { error: RefreshError }
}

import type { RefreshError, SessionExpiredError } from './errors'

/** Event payloads are objects so fields can be added without breaking listeners. */
export interface SilentRefreshEvents {
  /** A refresh succeeded; every waiting request is being replayed with `accessToken`. */
  refreshed: { accessToken: string; expiresAt: number | null }
  /** The refresh token was refused: the user must sign in again. Fires once per ended session. */
  sessionExpired: { error: SessionExpiredError }
  /** `logout()` finished (whether or not the server could be reached). */
  loggedOut: Record<string, never>
  /** A transient refresh failure outlived its retries; the session stays and the next request tries again. */
  refreshFailed: { error: RefreshError }
}

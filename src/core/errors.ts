export type SilentRefreshErrorCode =
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_REFRESH_FAILED'
  | 'ERR_REFRESH_TIMEOUT'

/** Base of every error the SDK raises; `code` tells them apart, `cause` holds the original error. */
export class SilentRefreshError extends Error {
  override name = 'SilentRefreshError'
  constructor(
    readonly code: SilentRefreshErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** The refresh token was refused (401/403): the user must sign in again. */
export class SessionExpiredError extends SilentRefreshError {
  override name = 'SessionExpiredError'
  constructor(url: string, cause?: unknown) {
    super('ERR_SESSION_EXPIRED', `Session expired: refresh at ${url} was refused`, { cause })
  }
}

/** The refresh failed for a transient reason (network, timeout, 5xx) after its retries; the session stays. */
export class RefreshError extends SilentRefreshError {
  override name = 'RefreshError'
  constructor(url: string, timedOut: boolean, cause?: unknown) {
    super(
      timedOut ? 'ERR_REFRESH_TIMEOUT' : 'ERR_REFRESH_FAILED',
      `Refresh at ${url} ${timedOut ? 'timed out' : 'failed'}`,
      { cause },
    )
  }
}

export type SilentRefreshErrorCode =
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_REFRESH_FAILED'
  | 'ERR_REFRESH_TIMEOUT'
  | 'ERR_DISPOSED'
  | 'ERR_HTTP'

/** Base of every error the SDK raises; `code` tells them apart, `cause` holds the original error. */
export class SilentRefreshError extends Error {
  override name = 'SilentRefreshError'
  constructor(
    readonly code: SilentRefreshErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(`silent-refresh: ${message}`, { cause })
  }
}

/** The refresh token was refused (401/403): the user must sign in again. */
export class SessionExpiredError extends SilentRefreshError {
  override name = 'SessionExpiredError'
  constructor(url: string, cause?: unknown) {
    super('ERR_SESSION_EXPIRED', `session expired: refresh at ${url} was refused`, cause)
  }
}

/** The refresh failed for a transient reason (network, timeout, 5xx) after its retries; the session stays. */
export class RefreshError extends SilentRefreshError {
  override name = 'RefreshError'
  constructor(url: string, timedOut: boolean, cause?: unknown) {
    super(
      timedOut ? 'ERR_REFRESH_TIMEOUT' : 'ERR_REFRESH_FAILED',
      `refresh at ${url} ${timedOut ? 'timed out' : 'failed'}`,
      cause,
    )
  }
}

/**
 * A call the SDK made with `fetch` (login, logout, the default refresh) was answered with an
 * HTTP error: `status`, and `data`, the body (parsed when it is JSON). The axios flavour rejects
 * with axios's own error instead.
 */
export class HttpError extends SilentRefreshError {
  override name = 'HttpError'
  constructor(
    readonly status: number,
    readonly data: unknown,
    url: string,
  ) {
    super('ERR_HTTP', `${url} answered ${status}`)
  }
}

/** `dispose()` was called: the SDK makes no call of any kind any more. */
export const disposedError = () => new SilentRefreshError('ERR_DISPOSED', 'disposed')

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code

/**
 * The refresh token was refused: sign the user in again. Checks `code`, so it also holds for an
 * error from another realm (an iframe) or another copy of this package.
 */
export const isSessionExpired = (error: unknown): error is SessionExpiredError =>
  codeOf(error) === 'ERR_SESSION_EXPIRED'

/** A refresh failed for a transient reason or timed out; the session stays. By `code`, like `isSessionExpired`. */
export const isRefreshError = (error: unknown): error is RefreshError =>
  /^ERR_REFRESH_/.test(codeOf(error) as string)

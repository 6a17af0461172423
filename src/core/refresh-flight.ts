import { TIMED_OUT, within } from './abort.js'
import { backoff, type RetryPolicy } from './backoff.js'
import { RefreshError, SessionExpiredError } from './errors.js'
import type { SessionInput } from './token-response.js'

/** `expired`: the refresh token was refused. `transient`: worth retrying. `failed`: retrying won't help. */
export type FailureKind = 'expired' | 'transient' | 'failed'

export interface RefreshRequest {
  /** Sends one refresh call; its signal aborts only when the flight gives the call up. */
  call(signal: AbortSignal): Promise<unknown>
  parse(body: unknown): SessionInput
  classify(error: unknown): FailureKind
}

export interface FlightSettings {
  refreshUrl: string
  /** One attempt's time limit. */
  refreshTimeoutMs: number
  retry: RetryPolicy
}

/**
 * One refresh: attempts with a time limit each and backoff between; resolves to the new
 * session, rejects with `SessionExpiredError` (refused) or `RefreshError`. A call that passes
 * its time limit is not abandoned: the server may already have consumed the refresh token, and
 * a second call would present a used one (reuse, which a server without a grace window answers
 * by revoking the session). The next attempt waits for the same call; only a call that failed
 * is sent again. When the attempts run out the call is aborted.
 */
export async function runRefresh(
  request: RefreshRequest,
  { refreshUrl, refreshTimeoutMs, retry }: FlightSettings,
  stop: AbortSignal,
): Promise<SessionInput> {
  let call: Promise<unknown> | undefined
  let controller = new AbortController()
  for (let attempt = 1; ; attempt++) {
    if (!call) {
      controller = new AbortController()
      call = request.call(controller.signal)
      call.catch(() => {}) // the late failure of a call given up on is nobody's error
    }
    let body: unknown
    try {
      body = await within(call, refreshTimeoutMs, stop)
    } catch (error) {
      const timedOut = error === TIMED_OUT
      const kind = stop.aborted ? 'stop' : timedOut ? 'transient' : request.classify(error)
      if (kind === 'expired') throw new SessionExpiredError(refreshUrl, error)
      if (kind === 'transient' && attempt < retry.attempts) {
        if (!timedOut) call = undefined
        await backoff(retry, attempt, stop)
        continue
      }
      controller.abort()
      throw kind === 'stop' ? error : new RefreshError(refreshUrl, timedOut, error)
    }
    let input: SessionInput | undefined
    let cause: unknown = new TypeError('the answer holds no access token')
    try {
      input = request.parse(body)
    } catch (error) {
      cause = error
    }
    if (input?.accessToken) return input
    throw new RefreshError(refreshUrl, false, cause)
  }
}

/** By HTTP status: 401/403 (and OAuth's `invalid_grant`) end the session; no answer, 408, 429 and 5xx are worth a retry. */
export function failureOf(status: number | undefined, data?: unknown): FailureKind {
  if (status === 401 || status === 403 || (data as { error?: unknown })?.error === 'invalid_grant')
    return 'expired'
  return !status || status >= 500 || status === 408 || status === 429 ? 'transient' : 'failed'
}

import { settle, sleep, TIMED_OUT } from './abort.js'
import { isSessionExpired, RefreshError, SessionExpiredError } from './errors.js'
import type { SessionInput } from './token-response.js'

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** `expired`: the refresh token was refused. `transient`: worth retrying. `failed`: retrying won't help. */
export type FailureKind = 'expired' | 'transient' | 'failed'

export interface Flight {
  /** Sends one refresh call; its signal aborts only when the flight gives the call up. */
  send(signal: AbortSignal): Promise<unknown>
  parse(body: unknown): SessionInput
  classify(error: unknown): FailureKind
  /** Named in error messages. */
  url: string
  /** One attempt's time limit. */
  limitMs: number
  retry: RetryPolicy
  stop: AbortSignal
}

/**
 * One refresh: attempts with a time limit each and backoff between (exponential, with jitter,
 * so tabs and clients that failed together don't retry together); resolves to the new session,
 * rejects with `SessionExpiredError` (refused) or `RefreshError`. A call that passes its time
 * limit is not abandoned: the server may already have consumed the refresh token, and a second
 * call would present a used one — reuse, which a server without a grace window answers by
 * revoking the session. The next attempt waits for the same call; only a call that failed is
 * sent again. When the attempts run out the call is aborted.
 */
export async function runRefresh(flight: Flight): Promise<SessionInput> {
  const { retry, stop } = flight
  let call: Promise<unknown> | undefined
  let giveUp = new AbortController()
  for (let attempt = 1; ; attempt++) {
    if (!call) {
      giveUp = new AbortController()
      call = flight.send(giveUp.signal)
      call.catch(() => {}) // the late failure of a call given up on is nobody's error
    }
    try {
      const input = flight.parse(await settle(call, stop, undefined, flight.limitMs))
      if (input?.accessToken) return input
      throw new TypeError('the answer holds no access token')
    } catch (error) {
      const timedOut = error === TIMED_OUT
      // A call may know itself that the session is over (nothing left to refresh with).
      const kind = stop.aborted
        ? 0
        : timedOut
          ? 'transient'
          : isSessionExpired(error)
            ? 'expired'
            : flight.classify(error)
      if (kind === 'expired') throw new SessionExpiredError(flight.url, error)
      if (kind === 'transient' && attempt < retry.attempts) {
        if (!timedOut) call = undefined
        const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1))
        await sleep(delay / 2 + (Math.random() * delay) / 2, stop)
        continue
      }
      giveUp.abort()
      throw kind ? new RefreshError(flight.url, timedOut, timedOut ? undefined : error) : error
    }
  }
}

/** By HTTP status: 401/403 (and OAuth's `invalid_grant`) end the session; no answer, 408, 429 and 5xx are worth a retry. */
export const failureOf = (status: number | undefined, data?: unknown): FailureKind =>
  status === 401 || status === 403 || (data as { error?: unknown })?.error === 'invalid_grant'
    ? 'expired'
    : !status || status >= 500 || status === 408 || status === 429
      ? 'transient'
      : 'failed'

import { sleep } from './abort.js'

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/**
 * Waits before try `attempt + 1`: exponential with jitter, so tabs and clients that failed
 * together don't retry together. Cut short when `signal` aborts: the next try then stops at once.
 */
export function backoff(
  { baseDelayMs, maxDelayMs }: RetryPolicy,
  attempt: number,
  signal?: AbortSignal,
): Promise<void> {
  const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
  return sleep(delay / 2 + (Math.random() * delay) / 2, signal)
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** Waits before try `attempt + 1`: exponential with jitter, so tabs and clients that failed together don't retry together. */
export function backoff({ baseDelayMs, maxDelayMs }: RetryPolicy, attempt: number): Promise<void> {
  const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
  return new Promise((resolve) => setTimeout(resolve, delay / 2 + (Math.random() * delay) / 2))
}

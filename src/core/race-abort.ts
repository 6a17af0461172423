/**
 * Waits for `promise`, but rejects with `reason()` as soon as `signal` aborts (at once if it
 * already has), and stops listening when settled.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  reason: () => unknown,
): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(reason())
    // Handled even when the signal has already aborted, so its rejection is never unhandled.
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
    if (signal.aborted) abort()
    else signal.addEventListener('abort', abort)
  })
}

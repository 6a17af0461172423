/**
 * Waits for `promise`, but rejects with `reason()` as soon as `signal` aborts (at once if it
 * already has), and stops listening when settled.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  reason: () => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(reason())
    // Handled even when the signal has already aborted, so its rejection is never unhandled.
    promise.then(resolve, reject).finally(() => signal?.removeEventListener('abort', abort))
    if (signal?.aborted) abort()
    signal?.addEventListener('abort', abort)
  })
}

/**
 * Resolves after `ms`, or as soon as `signal` aborts. A plain `setTimeout`, which the event
 * loop keeps alive: a timeout signal that only a composite `AbortSignal.any()` refers to can be
 * garbage-collected with it, and then never fires (Node 20).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done)
    if (signal?.aborted) done()
  })
}

/** What `within` rejects with when the time limit passes first. */
export const TIMED_OUT = Symbol('timed out')

/**
 * Waits for `promise` at most `ms` (then rejects with `TIMED_OUT`; the promise goes on), or
 * until `stop` aborts. A plain `setTimeout`, kept alive by the event loop (see `sleep`).
 */
export function within<T>(promise: Promise<T>, ms: number, stop: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onStop = () => reject(stop.reason)
    const timer = setTimeout(reject, ms, TIMED_OUT)
    stop.addEventListener('abort', onStop)
    if (stop.aborted) onStop()
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer)
      stop.removeEventListener('abort', onStop)
    })
  })
}

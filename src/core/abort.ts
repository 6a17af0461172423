/** What `settle` rejects with when its time limit passes first. */
export const TIMED_OUT = Symbol('timed out')

/**
 * Settles as `promise` does, unless `signal` aborts first (rejects with `reason()`; at once if
 * it already has) or `ms` pass (rejects with `TIMED_OUT`; the promise goes on). Whichever comes
 * first, the timer and the listener go. The timer is a plain `setTimeout`, which the event loop
 * keeps alive: a timeout signal that only a composite `AbortSignal.any()` refers to can be
 * garbage-collected with it, and then never fires (Node 20).
 */
export function settle<T>(
  promise: Promise<T>,
  signal?: AbortSignal,
  reason: () => unknown = () => signal?.reason,
  ms?: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done =
      <V>(then: (value: V) => void) =>
      (value: V) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', abort)
        then(value)
      }
    const abort = () => done(reject)(reason())
    const timer = ms === undefined ? undefined : setTimeout(done(reject), ms, TIMED_OUT)
    promise.then(done(resolve), done(reject))
    if (signal?.aborted) abort()
    else signal?.addEventListener('abort', abort)
  })
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<unknown> =>
  settle(new Promise(() => {}), signal, undefined, ms).catch(() => {})

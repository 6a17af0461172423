import { vi } from 'vitest'

/**
 * Simulated time for the SDK tests: vitest's fake timers run `setTimeout`, `setInterval` and
 * `Date` (so msw's `delay()`, the SDK's time limits, backoff and refresh-ahead, and the expiry
 * clock), while I/O and `setImmediate` stay real, so requests still travel through msw. A test
 * never sleeps: `until()` moves the clock from one timer to the next until what it waits for
 * has happened, so a minute of retries costs milliseconds and a loaded machine cannot change
 * the outcome.
 */
export function useFakeTime(): void {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Lets real I/O and promise chains run (msw answers, BroadcastChannel deliveries) without moving the clock. */
export async function flush(turns = 8): Promise<void> {
  for (let i = 0; i < turns; i++) await turn()
}

/** Moves the simulated clock by `ms`, firing what falls due, and lets the I/O it sets off run. */
export async function advance(ms: number): Promise<void> {
  await flush()
  await vi.advanceTimersByTimeAsync(ms)
  await flush()
}

/**
 * Runs the simulated clock until `promise` settles, then returns it (so `await until(p)`
 * resolves or rejects like `p`). Fails, instead of hanging, when nothing is left to happen —
 * no timer pending, no I/O moving — or after `limitMs` of simulated time.
 */
export async function until<T>(promise: Promise<T>, limitMs = 24 * 3600_000): Promise<T> {
  let settled = false
  const done = () => {
    settled = true
  }
  promise.then(done, done)
  const deadline = Date.now() + limitMs
  for (let idle = 0; !settled; ) {
    await flush()
    if (settled) break
    if (vi.getTimerCount() === 0) {
      if (++idle > 40) throw new Error('until(): the promise never settled and nothing is pending')
      continue
    }
    idle = 0
    if (Date.now() > deadline) throw new Error(`until(): not settled after ${limitMs} ms`)
    await vi.advanceTimersToNextTimerAsync()
  }
  return promise
}

/** Waits for every promise, sorted into fulfilled values and rejection reasons. */
export async function settleAll<T>(promises: Promise<T>[]) {
  const results = await until(Promise.allSettled(promises))
  return {
    fulfilled: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    rejected: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  }
}

/** The reason `promise` rejected with; fails the test if it fulfilled instead. */
export async function rejectionOf<E = unknown>(promise: Promise<unknown>): Promise<E> {
  try {
    await until(promise)
  } catch (error) {
    return error as E
  }
  throw new Error('expected a rejection, but the promise fulfilled')
}

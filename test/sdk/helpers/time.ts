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
 *
 * The clock jumps to the next timer whenever nothing moved for a few turns of the event loop.
 * `busy`: while it says so, the clock waits (the code under test does real asynchronous work
 * between its timers, such as the mock backend's HMACs on libuv's thread pool, which a jump to
 * a distant timer would overtake); see `trackCryptoWork`.
 */
export async function until<T>(
  promise: Promise<T>,
  limitMs = 24 * 3600_000,
  { busy }: { busy?: () => boolean } = {},
): Promise<T> {
  let settled = false
  const done = () => {
    settled = true
  }
  promise.then(done, done)
  const deadline = Date.now() + limitMs
  for (let idle = 0; !settled; ) {
    await flush()
    if (busy) await whileBusy(busy)
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

/** Turns the event loop while `busy()`; real work finishes in turns, however slow the machine. */
async function whileBusy(busy: () => boolean): Promise<void> {
  for (let turns = 0; busy(); turns++) {
    if (turns > 1_000_000) throw new Error('whileBusy(): the work never finished')
    await turn()
  }
}

/**
 * Moves the simulated clock on by `ms`, one millisecond at a time, waiting while `busy()` before
 * each: timers fire in order, and never ahead of real work they would have waited for.
 */
export async function advanceWhenIdle(ms: number, busy: () => boolean): Promise<void> {
  for (let step = 0; step < ms; step++) {
    await flush(2)
    await whileBusy(busy)
    await vi.advanceTimersByTimeAsync(1)
  }
  await flush()
  await whileBusy(busy)
}

/**
 * Counts WebCrypto operations in flight (`crypto.subtle`, which jose and so the mock backend use):
 * they run on libuv's thread pool, outside the simulated clock. `restore()` puts them back.
 */
export function trackCryptoWork() {
  const subtle = globalThis.crypto.subtle as unknown as Record<string, unknown>
  const names = ['sign', 'verify', 'importKey', 'digest', 'exportKey', 'generateKey'] as const
  let pending = 0
  for (const name of names) {
    const original = (subtle[name] as (...args: unknown[]) => Promise<unknown>).bind(
      globalThis.crypto.subtle,
    )
    subtle[name] = (...args: unknown[]) => {
      pending++
      return original(...args).finally(() => pending--)
    }
  }
  return {
    busy: () => pending > 0,
    restore() {
      for (const name of names) delete subtle[name]
    },
  }
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

/**
 * Who scheduled a timer: the code under test through `setTimeout`, through `AbortSignal.timeout`
 * (whose timer outlives a call that finished in time, harmlessly: it only aborts an unused
 * signal; Node unrefs it), or the simulated network.
 */
export type TimerOwner = 'sdk' | 'signal-timeout' | 'network'

interface Timer {
  id: number
  at: number
  seq: number
  owner: TimerOwner
  run: () => void
}

const realSetImmediate = setImmediate

/**
 * An in-process clock for the property test. While installed, `setTimeout`, `clearTimeout`,
 * `Date.now` and `AbortSignal.timeout` run on simulated time, so a run covering minutes of
 * refreshes, timeouts and backoff takes microseconds. Time moves only in `advance()`, one timer
 * at a time, and every promise chain a timer sets off is drained before the next one fires —
 * the same order a real event loop would give. (vitest's fake timers leave `AbortSignal.timeout`
 * on real time, and their async stepping yields through a real timer per step: too slow for
 * 10,000 runs.)
 */
export function createSimClock(start = Date.UTC(2030, 0, 1)) {
  let now = start
  let seq = 0
  const timers = new Map<number, Timer>()
  const saved = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    dateNow: Date.now,
    abortTimeout: AbortSignal.timeout,
  }

  function schedule(ms: number, run: () => void, owner: TimerOwner): number {
    const id = ++seq
    timers.set(id, { id, at: now + Math.max(0, ms || 0), seq: id, owner, run })
    return id
  }

  function next(limit: number): Timer | undefined {
    let first: Timer | undefined
    for (const timer of timers.values()) {
      if (timer.at > limit) continue
      if (!first || timer.at < first.at || (timer.at === first.at && timer.seq < first.seq))
        first = timer
    }
    return first
  }

  /** Lets every promise chain that is ready run to its end (a macrotask turn drains all microtasks). */
  const drain = () => new Promise<void>((resolve) => realSetImmediate(resolve))

  /** Fires the timers due by `limit`, earliest first, letting each one's promise chains run. */
  async function fireUntil(limit: number): Promise<void> {
    await drain()
    for (let timer = next(limit); timer; timer = next(limit)) {
      timers.delete(timer.id)
      now = timer.at
      timer.run()
      await drain()
    }
  }

  return {
    now: () => now,
    /** A timer of the simulated network (not counted as the SDK's). */
    schedule: (ms: number, run: () => void) => schedule(ms, run, 'network'),
    cancel: (id: number) => void timers.delete(id),
    drain,
    /** Moves time forward by `ms`, firing due timers in order and draining after each. */
    async advance(ms: number): Promise<void> {
      const target = now + ms
      await fireUntil(target)
      now = target
      await drain()
    },
    /** Runs until no timer is left (or `limitMs` of simulated time passed); true when quiet. */
    async runAll(limitMs: number): Promise<boolean> {
      await fireUntil(now + limitMs)
      return timers.size === 0
    },
    /** When the earliest pending timer (of `owner`, if given) is due; undefined when none is. */
    nextAt(owner?: TimerOwner): number | undefined {
      let at: number | undefined
      for (const timer of timers.values())
        if ((!owner || timer.owner === owner) && (at === undefined || timer.at < at)) at = timer.at
      return at
    },
    /** Timers still pending, by owner. */
    pending: (owner: TimerOwner) => [...timers.values()].filter((t) => t.owner === owner).length,
    clear: () => timers.clear(),
    install(): void {
      const fakeSetTimeout = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
        schedule(ms ?? 0, () => fn(...args), 'sdk')
      globalThis.setTimeout = fakeSetTimeout as unknown as typeof setTimeout
      globalThis.clearTimeout = ((id: number) => void timers.delete(id)) as typeof clearTimeout
      Date.now = () => now
      AbortSignal.timeout = (ms: number) => {
        const controller = new AbortController()
        schedule(
          ms,
          () => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
          'signal-timeout',
        )
        return controller.signal
      }
    },
    uninstall(): void {
      globalThis.setTimeout = saved.setTimeout
      globalThis.clearTimeout = saved.clearTimeout
      Date.now = saved.dateNow
      AbortSignal.timeout = saved.abortTimeout
      timers.clear()
    },
  }
}

export type SimClock = ReturnType<typeof createSimClock>

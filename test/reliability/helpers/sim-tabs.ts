import type { SimClock } from './sim-clock'

/**
 * What a browser gives the tabs of one origin, simulated on the property test's clock: a
 * `BroadcastChannel` and Web Locks (`navigator.locks`). Every delivery and every lock grant is a
 * timer of the simulated clock with a delay taken from the run's schedule, so a run decides
 * whether a lock grant or a channel message comes first — the browser promises no order between
 * the two. Messages from one channel to another keep their order (same task source), as in browsers.
 * Each tab gets its own constructor / lock manager, so whatever it leaves behind is known to be its.
 */

/** Cycles through `delays` (ms); the schedule draws them, so shrinking drives them to 0. */
function cycle(delays: number[]): () => number {
  let i = 0
  return () => delays[i++ % delays.length] ?? 0
}

export interface TabsConfig {
  /** Delivery delay of each channel message to each receiver (cycled), ms. */
  messageDelays: number[]
  /** Delay between a lock being granted and the callback running (cycled), ms. */
  grantDelays: number[]
}

export interface TabsStats {
  messages: number
  /** A tab waited for the lock and was granted it before the holder's token reached it. */
  grantBeforeNews: number
  /** ...and the token reached it first. */
  newsBeforeGrant: number
  /** A wait for the lock was called off (its signal aborted: dispose(), or the holder outlived its worst case). */
  lockWaitsAborted: number
}

interface LockRequest {
  tab: number
  name: string
  mode: 'shared' | 'exclusive'
  callback: (lock: { name: string } | null) => unknown
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
  signal?: AbortSignal
  onAbort?: () => void
  /** When the lock was granted; the callback runs after the grant delay. */
  grantedAt?: number
  invoked?: boolean
  /** The newest token message posted by another tab when this one was granted. */
  statesAtGrant?: number
}

export function createSimTabs(clock: SimClock, config: TabsConfig) {
  const messageDelay = cycle(config.messageDelays)
  const grantDelay = cycle(config.grantDelays)
  const stats: TabsStats = {
    messages: 0,
    grantBeforeNews: 0,
    newsBeforeGrant: 0,
    lockWaitsAborted: 0,
  }
  let onWaitAborted: (tab: number) => void = () => {}
  /** Runs `fn` as code of `tab` (so its timers are known to be the tab's). */
  let asTab: <T>(tab: number, fn: () => T) => T = (_tab, fn) => fn()

  // ---- BroadcastChannel ----
  interface Channel {
    tab: number
    name: string
    closed: boolean
    onmessage: ((event: MessageEvent) => void) | null
    /** Per receiver: when the last message to it is due, so order is kept. */
    lastDue: Map<Channel, number>
    /** Tokens delivered to this channel, in order (for the grant/token ordering statistic). */
    statesHeard: number
  }
  const channels = new Set<Channel>()
  /** State messages posted so far, per tab that posted them. */
  const statesPosted = new Map<number, number>()
  let pendingDeliveries = 0

  function channelClass(tab: number) {
    return class FakeBroadcastChannel {
      readonly #channel: Channel
      constructor(name: string) {
        this.#channel = {
          tab,
          name,
          closed: false,
          onmessage: null,
          lastDue: new Map(),
          statesHeard: 0,
        }
        channels.add(this.#channel)
      }
      get name() {
        return this.#channel.name
      }
      set onmessage(handler: ((event: MessageEvent) => void) | null) {
        this.#channel.onmessage = handler
      }
      get onmessage() {
        return this.#channel.onmessage
      }
      postMessage(message: unknown): void {
        const from = this.#channel
        if (from.closed) throw new DOMException('channel closed', 'InvalidStateError')
        const posted = message as { session?: unknown; re?: number } | null
        if (posted?.session !== undefined && posted.re === undefined)
          statesPosted.set(from.tab, (statesPosted.get(from.tab) ?? 0) + 1)
        for (const to of channels) {
          if (to === from || to.name !== from.name || to.closed) continue
          const data = structuredClone(message)
          const due = Math.max(clock.now() + messageDelay(), from.lastDue.get(to) ?? 0)
          from.lastDue.set(to, due)
          stats.messages++
          pendingDeliveries++
          clock.schedule(due - clock.now(), () => {
            pendingDeliveries--
            if (to.closed) return
            // A tab's news of its session (not an answer to an ask).
            const m = data as { session?: unknown; re?: number } | null
            if (m?.session !== undefined && m.re === undefined) to.statesHeard++
            asTab(to.tab, () => to.onmessage?.({ data } as MessageEvent))
          })
        }
      }
      close(): void {
        this.#channel.closed = true
        channels.delete(this.#channel)
      }
      addEventListener(): void {
        throw new Error('the SDK is expected to use onmessage')
      }
    }
  }

  // ---- Web Locks ----
  // Locks by name: the SDK's refresh lock (exclusive) and its presence lock (shared, one per tab).
  interface LockState {
    holders: LockRequest[]
    queue: LockRequest[]
  }
  const lockStates = new Map<string, LockState>()
  const lockOf = (name: string) => {
    const state = lockStates.get(name) ?? { holders: [], queue: [] }
    lockStates.set(name, state)
    return state
  }
  const closed = new Set<number>()
  const tabClosed = () => new DOMException('The tab was closed.', 'AbortError')
  const waitedFor = new WeakSet<LockRequest>()
  /** The exclusive lock the run watches (the refresh lock): its holder and waiters. */
  const exclusive = () =>
    [...lockStates.values()].find((state) =>
      [...state.holders, ...state.queue].some((r) => r.mode === 'exclusive'),
    ) ?? { holders: [], queue: [] }

  function release(request: LockRequest): void {
    const state = lockOf(request.name)
    const index = state.holders.indexOf(request)
    if (index < 0) return
    state.holders.splice(index, 1)
    pump(state)
  }

  const grantable = (state: LockState, request: LockRequest) =>
    request.mode === 'shared'
      ? state.holders.every((h) => h.mode === 'shared')
      : state.holders.length === 0

  /** Grants the lock to the requests at the front of its queue; each callback runs after a delay. */
  function pump(state: LockState): void {
    for (
      let request = state.queue[0];
      request && grantable(state, request);
      request = state.queue[0]
    ) {
      state.queue.shift()
      if (request.onAbort) request.signal?.removeEventListener('abort', request.onAbort)
      state.holders.push(request)
      request.grantedAt = clock.now()
      const granted = request
      clock.schedule(grantDelay(), () => {
        if (!state.holders.includes(granted)) return // its tab closed meanwhile
        if (waitedFor.has(granted)) {
          // Did the news of the holder this tab waited for (its state message) reach it before the grant?
          const heard = [...channels].filter((c) => c.tab === granted.tab)[0]?.statesHeard ?? 0
          if (heard > (granted.statesAtGrant ?? 0)) stats.newsBeforeGrant++
          else stats.grantBeforeNews++
        }
        invoke(granted, { name: granted.name })
      })
    }
  }

  function invoke(request: LockRequest, lock: { name: string } | null): void {
    if (closed.has(request.tab)) {
      request.reject(tabClosed())
      return
    }
    request.invoked = true
    let result: Promise<unknown>
    try {
      result = Promise.resolve(asTab(request.tab, () => request.callback(lock)))
    } catch (error) {
      result = Promise.reject(error)
    }
    result.then(
      (value) => {
        if (lock) release(request)
        request.resolve(value)
      },
      (error: unknown) => {
        if (lock) release(request)
        request.reject(error)
      },
    )
  }

  function lockManager(tab: number): LockManager {
    const manager = {
      request(
        name: string,
        options: { ifAvailable?: boolean; signal?: AbortSignal; mode?: 'shared' | 'exclusive' },
        callback: (lock: { name: string } | null) => unknown,
      ): Promise<unknown> {
        return new Promise((resolve, reject) => {
          if (closed.has(tab)) return reject(tabClosed())
          const mode = options.mode ?? 'exclusive'
          const state = lockOf(name)
          const request: LockRequest = {
            tab,
            name,
            mode,
            callback,
            resolve,
            reject,
            signal: options.signal,
          }
          const free = state.queue.length === 0 && grantable(state, request)
          if (options.ifAvailable && !free) {
            clock.schedule(grantDelay(), () => invoke(request, null))
            return
          }
          if (options.signal?.aborted) return reject(options.signal.reason)
          if (!free && mode === 'exclusive') {
            waitedFor.add(request)
            const mine = [...channels].filter((c) => c.tab === tab)[0]
            request.statesAtGrant = mine?.statesHeard ?? 0
          }
          request.onAbort = () => {
            const index = state.queue.indexOf(request)
            if (index < 0) return
            state.queue.splice(index, 1)
            stats.lockWaitsAborted++
            onWaitAborted(tab)
            reject(options.signal?.reason)
          }
          options.signal?.addEventListener('abort', request.onAbort, { once: true })
          state.queue.push(request)
          pump(state)
        })
      },
      /** What every tab of the origin holds and waits for; `clientId` is the tab's number. */
      query: () =>
        new Promise((resolve) =>
          clock.schedule(grantDelay(), () => {
            const info = (r: LockRequest) => ({
              name: r.name,
              mode: r.mode,
              clientId: String(r.tab),
            })
            const all = [...lockStates.values()]
            resolve({
              held: all.flatMap((state) => state.holders.map(info)),
              pending: all.flatMap((state) => state.queue.map(info)),
            })
          }),
        ),
    }
    return manager as unknown as LockManager
  }

  return {
    stats,
    channelClass,
    lockManager,
    /** Told of every lock wait called off, with the tab that waited. */
    onLockWaitAborted(listener: (tab: number) => void) {
      onWaitAborted = listener
    },
    /** Makes deliveries and lock callbacks run as the receiving tab's code. */
    setAsTab(run: <T>(tab: number, fn: () => T) => T) {
      asTab = run
    },
    /** The open channels of `tab`. */
    openChannels: (tab: number) => [...channels].filter((c) => c.tab === tab).length,
    /** Whether `tab` holds the refresh lock or waits for it (presence locks aside). */
    locksOf: (tab: number) => ({
      held: exclusive().holders.some((r) => r.tab === tab && r.mode === 'exclusive'),
      queued: exclusive().queue.filter((r) => r.tab === tab).length,
    }),
    /** Every lock `tab` still holds or waits for, of any name or mode. */
    anyLocksOf: (tab: number) =>
      [...lockStates.values()]
        .flatMap((state) => [...state.holders, ...state.queue])
        .filter((r) => r.tab === tab).length,
    holderTab: () => exclusive().holders.find((r) => r.mode === 'exclusive')?.tab,
    /** No refresh lock held or queued, nothing on its way (presence locks of live tabs aside). */
    get idle() {
      const { holders, queue } = exclusive()
      return (
        holders.every((r) => r.mode === 'shared') && queue.length === 0 && pendingDeliveries === 0
      )
    },
    /**
     * The browser closes `tab`: its channels go, its lock is released and its waits dropped.
     * (A closed tab's code never runs again; here its lock requests reject instead, so the
     * promises of its SDK, disposed just before, can still be checked to settle.)
     */
    close(tab: number): void {
      for (const channel of [...channels]) {
        if (channel.tab !== tab) continue
        channel.closed = true
        channels.delete(channel)
      }
      closed.add(tab)
      for (const state of lockStates.values()) {
        for (const request of state.queue.filter((r) => r.tab === tab)) {
          state.queue.splice(state.queue.indexOf(request), 1)
          request.reject(tabClosed())
        }
        for (const held of state.holders.filter((r) => r.tab === tab)) {
          release(held)
          if (!held.invoked) held.reject(tabClosed())
        }
      }
    },
  }
}

export type SimTabs = ReturnType<typeof createSimTabs>

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
  grantBeforeToken: number
  /** ...and the token reached it first. */
  tokenBeforeGrant: number
  /** A wait for the lock gave up (its signal aborted: the SDK's `refreshTimeoutMs`). */
  lockWaitsAborted: number
}

interface LockRequest {
  tab: number
  callback: (lock: { name: string } | null) => unknown
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
  signal?: AbortSignal
  onAbort?: () => void
  /** When the lock was granted; the callback runs after the grant delay. */
  grantedAt?: number
  invoked?: boolean
  /** The newest token message posted by another tab when this one was granted. */
  tokenAtGrant?: number
}

export function createSimTabs(clock: SimClock, config: TabsConfig) {
  const messageDelay = cycle(config.messageDelays)
  const grantDelay = cycle(config.grantDelays)
  const stats: TabsStats = {
    messages: 0,
    grantBeforeToken: 0,
    tokenBeforeGrant: 0,
    lockWaitsAborted: 0,
  }
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
    tokensHeard: number
  }
  const channels = new Set<Channel>()
  /** Token messages posted so far, per tab that posted them. */
  const tokensPosted = new Map<number, number>()
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
          tokensHeard: 0,
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
        if ((message as { type?: string })?.type === 'token')
          tokensPosted.set(from.tab, (tokensPosted.get(from.tab) ?? 0) + 1)
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
            if ((data as { type?: string })?.type === 'token') to.tokensHeard++
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
  let holder: LockRequest | undefined
  const closed = new Set<number>()
  const tabClosed = () => new DOMException('The tab was closed.', 'AbortError')
  const queue: LockRequest[] = []
  const waitedFor = new WeakSet<LockRequest>()

  function release(request: LockRequest): void {
    if (holder !== request) return
    holder = undefined
    pump()
  }

  /** Grants the lock to the first request in the queue; its callback runs after a delay. */
  function pump(): void {
    const request = holder ? undefined : queue.shift()
    if (!request) return
    if (request.onAbort) request.signal?.removeEventListener('abort', request.onAbort)
    holder = request
    request.grantedAt = clock.now()
    clock.schedule(grantDelay(), () => {
      if (holder !== request) return // its tab closed meanwhile
      if (waitedFor.has(request)) {
        // Did the token of the refresh this tab waited for reach it before the grant?
        const heard = [...channels].filter((c) => c.tab === request.tab)[0]?.tokensHeard ?? 0
        if (heard > (request.tokenAtGrant ?? 0)) stats.tokenBeforeGrant++
        else stats.grantBeforeToken++
      }
      invoke(request, { name: 'lock' })
    })
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
        _name: string,
        options: { ifAvailable?: boolean; signal?: AbortSignal },
        callback: (lock: { name: string } | null) => unknown,
      ): Promise<unknown> {
        return new Promise((resolve, reject) => {
          if (closed.has(tab)) return reject(tabClosed())
          const request: LockRequest = { tab, callback, resolve, reject, signal: options.signal }
          if (options.ifAvailable && (holder || queue.length)) {
            clock.schedule(grantDelay(), () => invoke(request, null))
            return
          }
          if (options.signal?.aborted) return reject(options.signal.reason)
          if (!options.ifAvailable && holder) {
            waitedFor.add(request)
            const mine = [...channels].filter((c) => c.tab === tab)[0]
            request.tokenAtGrant = mine?.tokensHeard ?? 0
          }
          request.onAbort = () => {
            const index = queue.indexOf(request)
            if (index < 0) return
            queue.splice(index, 1)
            stats.lockWaitsAborted++
            reject(options.signal?.reason)
          }
          options.signal?.addEventListener('abort', request.onAbort, { once: true })
          queue.push(request)
          pump()
        })
      },
      query: () => Promise.reject(new Error('unused')),
    }
    return manager as unknown as LockManager
  }

  return {
    stats,
    channelClass,
    lockManager,
    /** Makes deliveries and lock callbacks run as the receiving tab's code. */
    setAsTab(run: <T>(tab: number, fn: () => T) => T) {
      asTab = run
    },
    /** The open channels of `tab`. */
    openChannels: (tab: number) => [...channels].filter((c) => c.tab === tab).length,
    /** Whether `tab` holds the lock or waits for it. */
    locksOf: (tab: number) => ({
      held: holder?.tab === tab,
      queued: queue.filter((r) => r.tab === tab).length,
    }),
    holderTab: () => holder?.tab,
    /** Nothing held, nothing queued, nothing on its way. */
    get idle() {
      return !holder && queue.length === 0 && pendingDeliveries === 0
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
      for (const request of queue.filter((r) => r.tab === tab)) {
        queue.splice(queue.indexOf(request), 1)
        request.reject(tabClosed())
      }
      const held = holder?.tab === tab ? holder : undefined
      if (held) {
        release(held)
        if (!held.invoked) held.reject(tabClosed())
      }
    },
  }
}

export type SimTabs = ReturnType<typeof createSimTabs>

import { AsyncLocalStorage } from 'node:async_hooks'
import type { AxiosAdapter } from 'axios'
import type { SilentRefreshOptions, SilentSession } from 'silent-refresh'
import {
  type Abortable,
  abortOne,
  recordSettlement,
  seeded,
  settlementProblems,
  type TrackedCall,
} from './outcomes'
import { type BackendScript, createSimBackend, REQ_HEADER, tokenIndex } from './sim-backend'
import { type Flavour, type SimRequest, simClient } from './sim-client'
import type { SimClock } from './sim-clock'
import { createSimTabs, type TabsConfig } from './sim-tabs'

export interface CrossTabConfig {
  script: BackendScript
  sdk: Pick<SilentRefreshOptions, 'refreshAheadMs' | 'refreshTimeoutMs' | 'retry'>
  tabs: TabsConfig
  /** Tabs open at the start. */
  tabCount: number
  /** Start signed in (all tabs hold the token of an earlier login) or as after a reload (only the cookie). */
  startSignedIn: boolean
  randomSeed: number
  /** The SDK's adapter in every tab: axios unless a run picks fetch. */
  flavour?: Flavour
}

interface Tracked extends TrackedCall {
  tab: number
}

interface Tab {
  id: number
  auth: SilentSession
  request(call: SimRequest): Promise<unknown>
  alive: boolean
  /** Newest token this tab announced with `refreshed`. */
  floor: number
  /** Window listeners it added (type#n), removed again on dispose. */
  listeners: Set<string>
  /** Session ends (any tab's own) before this tab opened. */
  endsBefore: number
}

/** Which tab's code is running: set for each tab's calls, deliveries, lock callbacks and timers. */
const running = new AsyncLocalStorage<number>()
const asTab = <T>(tab: number, fn: () => T): T => running.run(tab, fn)

/** The longest a refresh in flight sleeps without a network timer: backoff (≤ 600 ms here) or a 100 ms wait for a sibling. */
const QUIET_MS = 700

/**
 * One run of the cross-tab property test: 2–4 real SDKs ("tabs", each on its own axios instance)
 * with `crossTab: true`, one simulated backend they share (one refresh cookie: a login sets it, a
 * logout or a refused refresh clears it), a simulated BroadcastChannel and Web Locks. It records
 * what each tab did and checks the invariants in `violations()`.
 */
export function createCrossTabWorld(clock: SimClock, config: CrossTabConfig) {
  const problems: string[] = []
  const notes: Record<string, number> = {}
  const note = (name: string, n = 1) => {
    notes[name] = (notes[name] ?? 0) + n
  }
  const sim = createSimTabs(clock, config.tabs)
  sim.setAsTab(asTab)
  // A live tab gives up waiting for the lock only when its holder outlived the worst case the
  // SDK allows it; nothing here freezes a tab, so that never happens (dispose() calls a wait off).
  sim.onLockWaitAborted((tab) => {
    if (tabs[tab]?.alive) problems.push(`tab ${tab} gave up waiting for the lock (log: ${log})`)
  })
  const tabs: Tab[] = []
  const tracked: Tracked[] = []
  const controllers: Abortable[] = []
  const log: string[] = []

  // ---- the shared backend, one cookie for all tabs ----
  let cookie = true
  let callingTab: number | undefined
  const sendTab = new Map<object, number>()
  /** Server-side: when each token was issued; tokens removed by logout; the last invalidateAll. */
  const issuedAt = new Map<number, number>()
  const removed = new Set<number>()
  let invalidatedUpTo = 0
  /** Tokens issued before the last session end (any tab's own sessionExpired or loggedOut). */
  let endedUpTo = 0
  let lastEnd = ''
  let ends = 0
  let refreshesWithLock = 0

  const backend = createSimBackend(clock, config.script, {
    onSend: (send) => {
      const tab = tabs[callingTab ?? -1]
      send.floor = tab?.floor ?? 0
      sendTab.set(send, callingTab ?? -1)
    },
    onRefreshCall: () => {
      const tab = callingTab ?? -1
      log.push(`call@${tab}:${clock.now() % 100_000}`)
      if (!tabs[tab]?.alive) problems.push(`tab ${tab} made a refresh call after dispose()`)
      if (sim.holderTab() === tab) refreshesWithLock++
      else problems.push(`tab ${tab} refreshed without holding the lock (log: ${log})`)
      if (backend.refreshesOpen > 1)
        problems.push(`${backend.refreshesOpen} refresh calls in flight at once (log: ${log})`)
    },
    onRefreshAnswer: (result) => {
      log.push(`answer:${result}:${clock.now() % 100_000}`)
      if (result === 401 || result === 403) cookie = false
    },
    refuseRefresh: () => !cookie,
  })

  /** Each tab's own adapter to the one backend: notes who called, and the cookie's fate. */
  function adapterOf(tab: number): AxiosAdapter {
    return (config) => {
      callingTab = tab
      const url = config.url ?? ''
      const sent = tokenIndex(config.headers.get('Authorization'))
      let answer: ReturnType<AxiosAdapter>
      try {
        answer = backend.adapter(config)
      } finally {
        callingTab = undefined
      }
      if (url.endsWith('/api/auth/logout'))
        answer.then(() => {
          cookie = false
          removed.add(sent)
        }, noop)
      if (url.endsWith('/api/auth/login'))
        answer.then(() => {
          cookie = true
        }, noop)
      if (url.endsWith('/api/auth/login') || url.endsWith('/api/auth/refresh'))
        answer.then((response) => issuedAt.set(tokenIndex(response.data?.token), clock.now()), noop)
      return answer
    }
  }

  // ---- timers and window listeners, each known to be its tab's ----
  const saved = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    BroadcastChannel: globalThis.BroadcastChannel,
    addEventListener: window.addEventListener,
    removeEventListener: window.removeEventListener,
    random: Math.random,
  }
  const timerTab = new Map<number, number>()
  let timersOfNoTab = 0
  globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const tab = running.getStore()
    if (tab === undefined) timersOfNoTab++
    const id = saved.setTimeout(() => {
      timerTab.delete(id)
      if (tab === undefined) fn(...args)
      else asTab(tab, () => fn(...args))
    }, ms) as unknown as number
    if (tab !== undefined) timerTab.set(id, tab)
    return id
  }) as unknown as typeof setTimeout
  globalThis.clearTimeout = ((id: number) => {
    timerTab.delete(id)
    saved.clearTimeout(id)
  }) as typeof clearTimeout
  /** Per event type: each listener a tab added, and the wrapper that runs it as that tab's code. */
  const wrapped = new Map<
    string,
    Map<unknown, { tab: number; key: string; wrapper: EventListener }>
  >()
  let listenerSeq = 0
  window.addEventListener = ((type: string, listener: EventListener) => {
    const tab = running.getStore()
    if (tab === undefined) return saved.addEventListener.call(window, type, listener)
    const key = `${type}#${++listenerSeq}`
    const wrapper: EventListener = (event) => asTab(tab, () => listener(event))
    if (!wrapped.has(type)) wrapped.set(type, new Map())
    wrapped.get(type)?.set(listener, { tab, key, wrapper })
    tabs[tab]?.listeners.add(key)
    saved.addEventListener.call(window, type, wrapper)
  }) as typeof window.addEventListener
  window.removeEventListener = ((type: string, listener: EventListener) => {
    const entry = wrapped.get(type)?.get(listener)
    if (!entry) return saved.removeEventListener.call(window, type, listener)
    wrapped.get(type)?.delete(listener)
    tabs[entry.tab]?.listeners.delete(entry.key)
    saved.removeEventListener.call(window, type, entry.wrapper)
  }) as typeof window.removeEventListener
  Math.random = seeded(config.randomSeed)

  function track(name: string, tab: number, promise: Promise<unknown>, then?: () => void) {
    const entry: Tracked = { name, tab, settled: 0 }
    tracked.push(entry)
    recordSettlement(entry, promise, then)
    return entry
  }

  /** An app call on tab `n` (if it is open), tracked under `name@tab`. */
  function callOn(n: number, name: string, call: (auth: SilentSession) => Promise<unknown>): void {
    const tab = pick(n)
    if (tab)
      track(
        `${name}@${tab.id}`,
        tab.id,
        asTab(tab.id, () => call(tab.auth)),
      )
  }

  function openTab(session?: { token: string; expiresIn: number }): Tab {
    const id = tabs.length
    const tab = { id, alive: true, floor: 0, listeners: new Set(), endsBefore: ends } as Tab
    tabs.push(tab)
    // What the SDK finds when it starts: this tab's channel constructor and lock manager.
    globalThis.BroadcastChannel = sim.channelClass(id) as unknown as typeof BroadcastChannel
    Object.defineProperty(navigator, 'locks', { value: sim.lockManager(id), configurable: true })
    const client = asTab(id, () =>
      simClient(config.flavour ?? 'axios', adapterOf(id), { ...config.sdk, crossTab: true }),
    )
    tab.auth = client.auth
    tab.request = client.request
    tab.auth.on('refreshed', ({ accessToken, fromOtherTab }) => {
      tab.floor = Math.max(tab.floor, tokenIndex(accessToken))
      log.push(`refreshed@${id}${fromOtherTab ? '<' : ''}`)
    })
    for (const name of ['sessionExpired', 'loggedOut'] as const)
      tab.auth.on(name, ({ fromOtherTab }) => {
        log.push(`${name}@${id}${fromOtherTab ? '<' : ''}`)
        if (fromOtherTab) return
        endedUpTo = backend.issued
        lastEnd = `${name} in tab ${id}`
        ends++
      })
    if (session)
      asTab(id, () =>
        tab.auth.setSession({ accessToken: session.token, expiresIn: session.expiresIn }),
      )
    return tab
  }

  const first = config.startSignedIn ? backend.issue() : undefined
  for (let i = 0; i < config.tabCount; i++) openTab(first)

  const live = () => tabs.filter((t) => t.alive)
  /** The `n`th live tab (cycled), or none when every tab is closed. */
  const pick = (n: number) => {
    const open = live()
    return open[n % Math.max(1, open.length)]
  }

  async function dispose(tab: Tab): Promise<void> {
    for (const entry of tracked) if (entry.tab === tab.id && !entry.settled) entry.disposed = true
    tab.alive = false
    asTab(tab.id, () => tab.auth.dispose())
    await clock.drain()
    // What the SDK itself left behind, before the browser tears the tab down. A logout in
    // flight goes on after dispose() (a sign-out the user asked for goes through), with its
    // wait for the lock and that wait's bound; nothing else does.
    const logouts = tracked.filter(
      (t) => t.tab === tab.id && t.name.startsWith('logout()') && !t.settled,
    )
    const timers = [...timerTab.values()].filter((t) => t === tab.id).length
    if (timers && logouts.length) note('timer of a logout in flight at dispose()')
    else if (timers) problems.push(`dispose() left ${timers} timer(s) of tab ${tab.id}`)
    if (tab.listeners.size) problems.push(`dispose() left window listeners of tab ${tab.id}`)
    if (sim.openChannels(tab.id)) problems.push(`dispose() left tab ${tab.id}'s channel open`)
    const locks = sim.locksOf(tab.id)
    if (locks.queued && logouts.length) note('lock wait of a logout in flight at dispose()')
    // dispose() gives up a refresh's wait for the lock: its waiters reject at once.
    else if (locks.queued)
      problems.push(`dispose() left tab ${tab.id}'s refresh waiting for the lock`)
    if (locks.held) note('lock held at dispose()')
    sim.close(tab.id)
  }

  return {
    log,
    tabs,
    backend,
    sim,
    live,
    request(n: number, withSignal: boolean): void {
      const tab = pick(n)
      if (!tab) return
      const id = `t${tab.id}r${tracked.length}`
      const controller = withSignal ? new AbortController() : undefined
      const entry = track(
        id,
        tab.id,
        asTab(tab.id, () =>
          tab.request({
            method: 'get',
            path: `/api/data/${id}`,
            headers: { [REQ_HEADER]: id },
            signal: controller?.signal,
          }),
        ),
      )
      if (controller) controllers.push({ controller, entry })
    },
    abort: (index: number) => abortOne(controllers, index),
    refresh: (n: number) => callOn(n, 'refresh()', (auth) => auth.refresh()),
    login: (n: number) => callOn(n, 'login()', (auth) => auth.login({ user: 'u' })),
    logout: (n: number) => callOn(n, 'logout()', (auth) => auth.logout()),
    async dispose(n: number): Promise<void> {
      const tab = pick(n)
      if (tab) await dispose(tab)
    },
    openTab: () => void openTab(),
    wake: () => void window.dispatchEvent(new Event('focus')),
    invalidate(): void {
      backend.invalidateAll()
      invalidatedUpTo = backend.issued
    },
    /**
     * Runs the clock until nothing is on its way: no network answer, channel message or lock
     * activity, every call settled, no SDK timer due soon (a backoff, a wait for a sibling).
     * False if that never happened within a simulated hour (refresh-ahead keeps the tabs busy).
     */
    async quiesce(): Promise<boolean> {
      const until = clock.now() + 3600_000
      for (;;) {
        await clock.drain()
        const next = clock.nextAt()
        const sdkTimer = clock.nextAt('sdk')
        if (
          sim.idle &&
          clock.pending('network') === 0 &&
          tracked.every((t) => t.settled > 0) &&
          (sdkTimer === undefined || sdkTimer - clock.now() > QUIET_MS)
        )
          return true
        if (next === undefined || next > until) return false
        await clock.advance(next - clock.now())
      }
    },
    /** Checks the state once everything was delivered: the tabs agree, on a token the server takes. */
    checkQuiet(): void {
      const holding = live().filter((t) => t.auth.getAccessToken() !== null)
      const tokens = new Set(holding.map((t) => t.auth.getAccessToken()))
      // Tabs order tokens by expiry (ms): two tokens issued in the same millisecond tie, and a tab
      // keeps its own. Both are valid; the design does not converge them (reported, not asserted).
      const issued = new Set([...tokens].map((t) => issuedAt.get(tokenIndex(t))))
      if (tokens.size > 1 && issued.size === 1)
        note('tabs hold different tokens issued in the same ms')
      else if (tokens.size > 1)
        problems.push(
          `live tabs hold different tokens: ${holding.map((t) => `${t.id}:${t.auth.getAccessToken()}`)} (log: ${log})`,
        )
      for (const tab of holding) {
        const index = tokenIndex(tab.auth.getAccessToken())
        // A tab that opened after the end was posted never hears it, but may hear a sibling's
        // older token (an answer to an ask, not yet knowing of the end): not guaranteed, reported.
        if (index <= endedUpTo && tab.endsBefore === ends)
          note('a tab opened after a session end holds a token from before it')
        else if (index <= endedUpTo)
          problems.push(
            `tab ${tab.id} holds at-${index} after ${lastEnd} (tokens up to at-${endedUpTo} ended; log: ${log})`,
          )
        const serverExpired =
          (issuedAt.get(index) ?? 0) + config.script.accessTtlMs <= clock.now() ||
          !issuedAt.has(index)
        if (
          !backend.accepts(index) &&
          !serverExpired &&
          index > invalidatedUpTo &&
          !removed.has(index)
        )
          problems.push(`tab ${tab.id} holds at-${index}, which the server refuses`)
      }
      if (live().some((t) => t.auth.getAccessToken() === null) && holding.length)
        note('quiet with tabs disagreeing on signed in')
    },
    /** Closes every tab, lets the world run down, restores the globals. */
    async finish(): Promise<void> {
      try {
        for (const tab of live()) await dispose(tab)
        const quiet = await clock.runAll(24 * 3600_000)
        if (!quiet) problems.push('timers still pending a simulated day after every tab closed')
        if (timerTab.size) problems.push(`${timerTab.size} SDK timer(s) outlived every tab`)
      } finally {
        globalThis.setTimeout = saved.setTimeout
        globalThis.clearTimeout = saved.clearTimeout
        globalThis.BroadcastChannel = saved.BroadcastChannel
        window.addEventListener = saved.addEventListener
        window.removeEventListener = saved.removeEventListener
        Reflect.deleteProperty(navigator, 'locks')
        Math.random = saved.random
      }
    },
    /** Counts for the run's statistics. */
    stats(): Record<string, number> {
      const perReq = new Map<string, number>()
      for (const send of backend.sends)
        if (send.req) perReq.set(send.req, (perReq.get(send.req) ?? 0) + 1)
      const count = (prefix: string) => log.filter((e) => e.startsWith(prefix)).length
      return {
        ...notes,
        tabs: tabs.length,
        requests: tracked.filter((t) => t.name.includes('r') && t.name.startsWith('t')).length,
        'refresh calls': backend.refreshCalls,
        'refresh calls holding the lock': refreshesWithLock,
        'tokens taken from another tab': log.filter(
          (e) => e.startsWith('refreshed@') && e.endsWith('<'),
        ).length,
        'sessionExpired (own)': log.filter(
          (e) => e.startsWith('sessionExpired@') && !e.endsWith('<'),
        ).length,
        'sessionExpired (from another tab)': log.filter(
          (e) => e.startsWith('sessionExpired@') && e.endsWith('<'),
        ).length,
        'loggedOut (from another tab)': log.filter(
          (e) => e.startsWith('loggedOut@') && e.endsWith('<'),
        ).length,
        'refresh answers 401': count('answer:401'),
        'refresh timeouts': count('answer:timeout'),
        replays: [...perReq.values()].filter((n) => n === 2).length,
        canceled: tracked.filter((t) => t.outcome === 'canceled').length,
        'messages delivered': sim.stats.messages,
        'lock granted before the holder’s news arrived': sim.stats.grantBeforeNews,
        'holder’s news arrived before the lock grant': sim.stats.newsBeforeGrant,
        'lock waits called off by dispose()': sim.stats.lockWaitsAborted,
        'timers set outside any tab': timersOfNoTab,
      }
    },
    violations(): string[] {
      const found = [...problems]
      for (const entry of tracked) {
        const direct = entry.name.startsWith('logout()') || entry.name.startsWith('login()')
        found.push(...settlementProblems(entry, direct))
      }
      const sendsByReq = new Map<string, typeof backend.sends>()
      for (const send of backend.sends) {
        if (!send.req) continue
        sendsByReq.set(send.req, [...(sendsByReq.get(send.req) ?? []), send])
        if (send.token !== 0 && send.token < (send.floor ?? 0))
          found.push(
            `${send.req} was sent with at-${send.token} after its tab had at-${send.floor}`,
          )
      }
      for (const [req, sends] of sendsByReq) {
        if (sends.length > 2) found.push(`${req} reached the server ${sends.length} times`)
        if (sends.length === 2 && sends[0]?.status !== 401)
          found.push(`${req} was replayed after a ${sends[0]?.status ?? 'pending'} answer`)
      }
      return [...new Set(found)]
    },
  }
}

const noop = () => {}

export type CrossTabWorld = ReturnType<typeof createCrossTabWorld>

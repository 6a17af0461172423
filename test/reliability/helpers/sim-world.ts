import type { SilentRefreshOptions } from 'silent-refresh'
import {
  type Abortable,
  abortOne,
  recordSettlement,
  seeded,
  settlementProblems,
  type TrackedCall,
} from './outcomes'
import { type BackendScript, createSimBackend, REQ_HEADER, tokenIndex } from './sim-backend'
import { type Flavour, simClient } from './sim-client'
import type { SimClock } from './sim-clock'

export interface WorldConfig {
  script: BackendScript
  sdk: Pick<SilentRefreshOptions, 'refreshAheadMs' | 'refreshTimeoutMs' | 'retry'>
  /** Start signed in (a token from an earlier login) or as after a page reload (nothing in memory). */
  startSignedIn: boolean
  /** Seeds `Math.random` (the backoff jitter), so a failing run replays exactly. */
  randomSeed: number
  /** The SDK's adapter: axios unless a run picks fetch. */
  flavour?: Flavour
}

/** A window stand-in that counts its listeners, so the wake-up path runs and dispose() is checked. */
class CountingWindow extends EventTarget {
  readonly listeners = new Set<string>()
  #ids = new WeakMap<object, number>()
  #next = 0
  #key(type: string, listener: unknown) {
    const target = listener as object
    if (!this.#ids.has(target)) this.#ids.set(target, ++this.#next)
    return `${type}#${this.#ids.get(target)}`
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    this.listeners.add(this.#key(type, listener))
    super.addEventListener(type, listener)
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    this.listeners.delete(this.#key(type, listener))
    super.removeEventListener(type, listener)
  }
}

/**
 * One run of the property test: the real SDK on a real axios instance whose adapter is the
 * simulated backend, plus everything needed to judge the run — each request's settlements, what
 * reached the wire, the event log — and the invariants as one `violations()` list.
 */
export function createWorld(clock: SimClock, config: WorldConfig) {
  const problems: string[] = []
  /** Ordered record of what matters to the session rules. */
  const log: string[] = []
  let lastRefreshed = 0
  let clearAllowed = !config.startSignedIn
  let logoutsOpen = 0
  let disposed = false
  let refreshCallsAtDispose = 0

  const backend = createSimBackend(clock, config.script, {
    onSend: (send) => {
      send.floor = lastRefreshed
    },
    onRefreshCall: () => log.push('call'),
    onRefreshAnswer: (result) => log.push(`answer:${result}`),
  })
  const window = new CountingWindow()
  ;(globalThis as { window?: unknown }).window = window
  const random = Math.random
  Math.random = seeded(config.randomSeed)

  // crossTab: false — each simulated client is one tab of its own user.
  const client = simClient(config.flavour ?? 'axios', backend.adapter, {
    ...config.sdk,
    crossTab: false,
  })
  const { auth } = client
  auth.on('refreshed', ({ accessToken }) => {
    log.push('refreshed')
    lastRefreshed = Math.max(lastRefreshed, tokenIndex(accessToken))
    clearAllowed = false
  })
  auth.on('sessionExpired', () => {
    log.push('sessionExpired')
    clearAllowed = true
  })
  auth.on('refreshFailed', () => log.push('refreshFailed'))
  if (config.startSignedIn) {
    const { token, expiresIn } = backend.issue()
    auth.setSession({ accessToken: token, expiresIn })
  }

  const tracked: TrackedCall[] = []
  const controllers: Abortable[] = []

  function track(name: string, promise: Promise<unknown>, onSettled?: () => void): TrackedCall {
    const entry: TrackedCall = { name, settled: 0 }
    tracked.push(entry)
    recordSettlement(entry, promise, onSettled)
    return entry
  }

  return {
    auth,
    backend,
    get disposed() {
      return disposed
    },
    request(method: 'get' | 'post', withSignal: boolean): void {
      const id = `r${tracked.length}`
      const controller = withSignal ? new AbortController() : undefined
      const entry = track(
        id,
        client.request({
          method,
          path: `/api/data/${id}`,
          data: method === 'post' ? { id } : undefined,
          headers: { [REQ_HEADER]: id },
          signal: controller?.signal,
        }),
      )
      if (controller) controllers.push({ controller, entry })
    },
    abort: (index: number) => abortOne(controllers, index),
    refresh(): void {
      log.push('start')
      track('refresh()', auth.refresh())
    },
    login(): void {
      track(
        'login()',
        auth.login({ username: 'u', password: 'p' }).then(() => {
          log.push('start', 'login')
          clearAllowed = false
        }),
      )
    },
    logout(): void {
      logoutsOpen++
      track('logout()', auth.logout(), () => {
        logoutsOpen--
        clearAllowed = true
      })
    },
    wake(): void {
      window.dispatchEvent(new Event('focus'))
    },
    invalidate: () => backend.invalidateAll(),
    async dispose(): Promise<void> {
      for (const entry of tracked) if (!entry.settled) entry.disposed = true
      auth.dispose()
      disposed = true
      refreshCallsAtDispose = backend.refreshCalls
      await clock.drain()
      const timers = clock.pending('sdk')
      if (timers) problems.push(`dispose() left ${timers} timer(s) of the SDK`)
      if (window.listeners.size)
        problems.push(`dispose() left window listeners: ${[...window.listeners]}`)
    },
    /** Checks what must hold at any moment; called after every command. */
    checkNow(): void {
      if (backend.maxRefreshesOpen > 1)
        problems.push(`${backend.maxRefreshesOpen} refresh calls were in flight at once`)
      if (!disposed && auth.getAccessToken() === null && !clearAllowed && logoutsOpen === 0)
        problems.push(`the session was cleared without logout or sessionExpired (log: ${log})`)
    },
    /** Disposes if the run did not, lets the simulated world go quiet, and restores globals. */
    async finish(): Promise<void> {
      if (!disposed) await this.dispose()
      const quiet = await clock.runAll(24 * 3600_000)
      if (!quiet) problems.push('timers still pending a simulated day after dispose()')
      const late = backend.refreshCalls - refreshCallsAtDispose
      if (late) problems.push(`${late} refresh call(s) were made after dispose()`)
      Math.random = random
      delete (globalThis as { window?: unknown }).window
    },
    /** What the run went through, so the test can show its schedules reach every situation. */
    coverage(): Record<string, number> {
      const count = (kind: string) => log.filter((entry) => entry === kind).length
      const perReq = new Map<string, number>()
      for (const send of backend.sends)
        if (send.req) perReq.set(send.req, (perReq.get(send.req) ?? 0) + 1)
      return {
        requests: tracked.filter((t) => t.name.startsWith('r')).length,
        'refresh calls': backend.refreshCalls,
        'refresh answers 401/403': count('answer:401') + count('answer:403'),
        'refresh answers 5xx': count('answer:500') + count('answer:503'),
        'refresh network errors': count('answer:network'),
        'refresh timeouts': count('answer:timeout'),
        refreshed: count('refreshed'),
        sessionExpired: count('sessionExpired'),
        refreshFailed: count('refreshFailed'),
        replays: [...perReq.values()].filter((n) => n === 2).length,
        canceled: tracked.filter((t) => t.outcome === 'canceled').length,
        'rejected SessionExpiredError': tracked.filter((t) => t.outcome === 'expired').length,
        'rejected RefreshError': tracked.filter((t) => t.outcome === 'refresh-failed').length,
      }
    },
    /** Every invariant of the issue, checked on the finished run. */
    violations(): string[] {
      const found = [...problems]
      // Only logout() talks to the server without the refresh logic in between.
      for (const entry of tracked)
        found.push(...settlementProblems(entry, entry.name === 'logout()'))
      const sendsByReq = new Map<string, typeof backend.sends>()
      for (const send of backend.sends) {
        if (!send.req) continue
        sendsByReq.set(send.req, [...(sendsByReq.get(send.req) ?? []), send])
        if (send.token !== 0 && send.token < (send.floor ?? 0))
          found.push(`${send.req} was sent with at-${send.token} after at-${send.floor} arrived`)
      }
      for (const [req, sends] of sendsByReq) {
        if (sends.length > 2) found.push(`${req} reached the server ${sends.length} times`)
        if (sends.length === 2 && sends[0]?.status !== 401)
          found.push(`${req} was replayed after a ${sends[0]?.status ?? 'pending'} answer`)
        const entry = tracked.find((t) => t.name === req)
        const last = sends.at(-1)
        if (entry?.outcome === 'ok' && last?.status !== 200)
          found.push(`${req} fulfilled although its last send got ${last?.status}`)
      }
      // sessionExpired: only right after a 401/403 on refresh, at most once per session.
      let refusals = 0
      let expiredThisSession = 0
      for (const entry of log) {
        if (entry === 'answer:401' || entry === 'answer:403') refusals++
        if (entry === 'start') expiredThisSession = 0
        if (entry !== 'sessionExpired') continue
        if (refusals === 0) found.push(`sessionExpired without a 401/403 on refresh (log: ${log})`)
        if (++expiredThisSession > 1)
          found.push(`sessionExpired twice in one session (log: ${log})`)
        refusals = 0
      }
      // The newest session wins: a refresh sent before a login lands neither its token nor its end.
      let lastCall = -1
      for (const [i, entry] of log.entries()) {
        if (entry === 'call') lastCall = i
        const outcome = entry === 'refreshed' || entry === 'sessionExpired'
        if (outcome && log.slice(lastCall, i).includes('login'))
          found.push(`a refresh sent before login() ended in ${entry} (log: ${log})`)
      }
      return [...new Set(found)]
    },
  }
}

export type World = ReturnType<typeof createWorld>

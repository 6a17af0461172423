// @vitest-environment happy-dom
// Cross-tab needs a window (it stays off in Node, where one process serves many users). Each
// "tab" is an SDK on its own axios instance; Node's real BroadcastChannel links them, and a fake
// LockManager stands in for Web Locks, which only browsers have (Chromium: cross-tab.e2e.ts).
import type { SilentRefreshEvents, SilentRefreshOptions } from 'silent-refresh'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BASE_URL } from './helpers/backend'
import { createFakeLocks } from './helpers/fake-locks'
import { rejectionOf, settleAll, useBackend } from './helpers/setup'

const { backend, client } = useBackend()
const SESSION_KEY = `silent-refresh ${BASE_URL}/api/auth/refresh`
let fake: ReturnType<typeof createFakeLocks>

beforeEach(() => {
  fake = createFakeLocks()
  Object.defineProperty(navigator, 'locks', { value: fake.locks, configurable: true })
})
afterEach(() => {
  Reflect.deleteProperty(navigator, 'locks')
  vi.unstubAllGlobals()
})

/** A tab with cross-tab on (the default); `seen` collects the events it fired. */
function openTab(options: SilentRefreshOptions = {}) {
  const tab = client({ crossTab: true, ...options })
  const seen: Array<[keyof SilentRefreshEvents, unknown]> = []
  for (const name of ['refreshed', 'sessionExpired', 'loggedOut', 'refreshFailed'] as const) {
    tab.auth.on(name, (event) => seen.push([name, event]))
  }
  return { ...tab, seen }
}

type Tab = ReturnType<typeof openTab>
type Tabs<N extends number, T extends Tab[] = []> = T['length'] extends N ? T : Tabs<N, [...T, Tab]>

/** Several tabs sharing a valid session `token`, as after a login in one and a reload in the others. */
async function openTabs<N extends 1 | 2 | 3 | 4>(count: N, token = 'at-0'): Promise<Tabs<N>> {
  backend.accept(token)
  const tabs = Array.from({ length: count }, () => openTab())
  for (const tab of tabs) tab.auth.setSession({ accessToken: token, expiresIn: 60_000 })
  await settleMessages()
  return tabs as Tabs<N>
}

/** BroadcastChannel delivers in later tasks; this lets the messages posted so far arrive. */
const settleMessages = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('one refresh for all tabs', () => {
  it('tabs whose token is known to be expired share one refresh: every request replays with its token', async () => {
    const tabs = await openTabs(4)
    for (const tab of tabs) tab.auth.setSession({ accessToken: 'at-0', expiresAt: Date.now() - 1 })

    const { fulfilled, rejected } = await settleAll(
      tabs.flatMap(({ api }) => Array.from({ length: 10 }, (_, i) => api.get(`/api/data/${i}`))),
    )

    expect(rejected).toEqual([])
    expect(fulfilled.map((r) => r.data.sent)).toEqual(Array(40).fill('Bearer at-1'))
    expect(backend.state.refreshes).toBe(1)
    expect(tabs.map((tab) => tab.auth.getAccessToken())).toEqual(Array(4).fill('at-1'))
  })

  it('tabs answered 401 for a token the server dropped share one refresh', async () => {
    const tabs = await openTabs(3)
    backend.accept('revoked-elsewhere')

    const { fulfilled, rejected } = await settleAll(
      tabs.flatMap(({ api }) => Array.from({ length: 10 }, (_, i) => api.get(`/api/data/${i}`))),
    )

    expect(rejected).toEqual([])
    expect(fulfilled).toHaveLength(30)
    expect(backend.state.refreshes).toBe(1)
  })

  it('a tab waiting for the lock takes the token of the tab that held it, even if it arrives after the lock', async () => {
    backend.options.refreshLatencyMs = 30
    const [first, second] = await openTabs(2)
    const refreshes = [first.auth.refresh(), second.auth.refresh()]

    expect(await Promise.all(refreshes)).toEqual(['at-1', 'at-1'])
    expect(backend.state.refreshes).toBe(1)
    expect(second.seen).toContainEqual([
      'refreshed',
      expect.objectContaining({ fromOtherTab: true }),
    ])
  })

  it('other tabs take a refreshed token without refreshing, and plan from its expiry', async () => {
    const [first, second] = await openTabs(2)

    await first.auth.refresh()
    await settleMessages()

    expect(second.auth.getAccessToken()).toBe('at-1')
    expect((await second.api.get('/api/data/x')).data.sent).toBe('Bearer at-1')
    expect(backend.state.refreshes).toBe(1)
  })

  it('an older token from a sibling never replaces a newer one', async () => {
    const [tab] = await openTabs(1)
    const sibling = new BroadcastChannel(SESSION_KEY)
    const now = Date.now()
    try {
      sibling.postMessage({ type: 'token', accessToken: 'older', expiresAt: now + 1000 })
      await settleMessages()
      expect(tab.auth.getAccessToken()).toBe('at-0')

      sibling.postMessage({ type: 'token', accessToken: 'newer', expiresAt: now + 120_000 })
      await settleMessages()
      expect(tab.auth.getAccessToken()).toBe('newer')
    } finally {
      sibling.close()
    }
  })

  it('ignores messages that are not the session’s (another tab may run another version)', async () => {
    const [tab] = await openTabs(1)
    const sibling = new BroadcastChannel(SESSION_KEY)
    try {
      for (const message of [
        null,
        { type: 'token', accessToken: 42 },
        { type: 'token', accessToken: 'x', expiresAt: 'soon' },
        { type: 'logout-everywhere' },
      ]) {
        sibling.postMessage(message)
      }
      await settleMessages()

      expect(tab.auth.getAccessToken()).toBe('at-0')
      expect(tab.seen).toEqual([])
    } finally {
      sibling.close()
    }
  })
})

describe('a new tab', () => {
  it('asks its siblings for the token and needs no refresh', async () => {
    await openTabs(2)

    const newcomer = openTab()

    expect(await newcomer.auth.refresh()).toBe('at-0')
    expect(backend.state.refreshes).toBe(0)
    expect((await newcomer.api.get('/api/data/x')).data.sent).toBe('Bearer at-0')
  })

  it('refreshes through the cookie when no sibling answers', async () => {
    const alone = openTab()

    expect(await alone.auth.refresh()).toBe('at-1')
    expect(backend.state.refreshes).toBe(1)
  })

  it('does not take a token a sibling knows to be expired', async () => {
    const [old] = await openTabs(1)
    old.auth.setSession({ accessToken: 'at-0', expiresAt: Date.now() - 1 })

    const newcomer = openTab()

    expect(await newcomer.auth.refresh()).toBe('at-1')
    expect(backend.state.refreshes).toBe(1)
  })
})

describe('the session ends in every tab', () => {
  it('logout in one tab signs every tab out', async () => {
    const [first, second, third] = await openTabs(3)

    await first.auth.logout()
    await settleMessages()

    for (const tab of [second, third]) {
      expect(tab.auth.getAccessToken()).toBeNull()
      expect(tab.seen).toEqual([['loggedOut', { fromOtherTab: true }]])
      // Ended: a 401 no longer tries the cookie.
      expect(await rejectionOf(tab.api.get('/api/data/x'))).toMatchObject({
        code: 'ERR_SESSION_EXPIRED',
      })
    }
    expect(backend.state.refreshes).toBe(0)
  })

  it('logout waits for another tab’s refresh: the server is left signed out, not revived', async () => {
    backend.options.refreshLatencyMs = 50
    const [first, second] = await openTabs(2)
    const refreshing = first.auth.refresh()
    await settleMessages() // the first tab holds the lock

    await second.auth.logout()
    await refreshing.catch(() => {})

    // The logout landed after the refresh: the token it issued is not left valid on the server.
    expect(backend.state.refreshes).toBe(1)
    expect(backend.state.validToken).toBeNull()
  })

  it('a refused refresh in one tab expires the session in every tab, once each', async () => {
    const [first, second] = await openTabs(2)
    backend.state.faults.push(401)

    expect(await rejectionOf(first.auth.refresh())).toMatchObject({ code: 'ERR_SESSION_EXPIRED' })
    await settleMessages()

    for (const tab of [first, second]) {
      expect(tab.auth.getAccessToken()).toBeNull()
      expect(tab.seen.filter(([name]) => name === 'sessionExpired')).toHaveLength(1)
    }
    expect(backend.state.refreshes).toBe(1)
  })

  it('a tab waiting for the lock while the session expires rejects without refreshing', async () => {
    backend.options.refreshLatencyMs = 30
    const [first, second] = await openTabs(2)
    backend.state.faults.push(401)

    const outcomes = await settleAll([first.auth.refresh(), second.auth.refresh()])

    expect(outcomes.rejected.map((error) => (error as { code: string }).code)).toEqual([
      'ERR_SESSION_EXPIRED',
      'ERR_SESSION_EXPIRED',
    ])
    expect(backend.state.refreshes).toBe(1)
  })

  it('a disposed tab hears nothing more', async () => {
    const [first, second] = await openTabs(2)
    second.auth.dispose()

    await first.auth.logout()
    await settleMessages()

    expect(second.seen).toEqual([])
  })
})

describe('the lock', () => {
  it('serialises refreshes: tabs never refresh at the same time', async () => {
    backend.options.refreshLatencyMs = 20
    vi.stubGlobal('BroadcastChannel', undefined) // no channel: every tab must refresh itself
    const tabs = Array.from({ length: 3 }, () => openTab())

    const tokens = await Promise.all(tabs.map((tab) => tab.auth.refresh()))

    expect(tokens.sort()).toEqual(['at-1', 'at-2', 'at-3'])
    expect(backend.state.maxConcurrentRefreshes).toBe(1)
  })

  it('held by a stuck tab, it is given up after refreshTimeoutMs and the tab refreshes anyway', async () => {
    const release = fake.hold(SESSION_KEY)
    try {
      const tab = openTab({ refreshTimeoutMs: 100 })

      expect(await tab.auth.refresh()).toBe('at-1')
      expect(backend.state.refreshes).toBe(1)
    } finally {
      release()
    }
  })
})

describe('where the APIs are missing or refused, each tab works on its own', () => {
  const cases = {
    'no Web Locks': () => Reflect.deleteProperty(navigator, 'locks'),
    'no BroadcastChannel': () => vi.stubGlobal('BroadcastChannel', undefined),
    neither: () => {
      Reflect.deleteProperty(navigator, 'locks')
      vi.stubGlobal('BroadcastChannel', undefined)
    },
  }

  for (const [missing, remove] of Object.entries(cases)) {
    it(`${missing}: one refresh, every request replayed`, async () => {
      remove()
      const { api, auth } = openTab()
      auth.setSession({ accessToken: 'stale', expiresIn: 60_000 })

      const { fulfilled, rejected } = await settleAll(
        Array.from({ length: 10 }, (_, i) => api.get(`/api/data/${i}`)),
      )

      expect(rejected).toEqual([])
      expect(fulfilled.map((r) => r.data.sent)).toEqual(Array(10).fill('Bearer at-1'))
      expect(backend.state.refreshes).toBe(1)
    })
  }

  it('Web Locks refused (a sandboxed frame throws SecurityError): the refresh runs without the lock', async () => {
    const refused = Object.assign(new Error('locks are not allowed here'), {
      name: 'SecurityError',
    })
    const locks = { request: () => Promise.reject(refused) }
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
    const { api, auth } = openTab()
    auth.setSession({ accessToken: 'stale', expiresIn: 60_000 })

    expect((await api.get('/api/data/x')).data.sent).toBe('Bearer at-1')
    expect(backend.state.refreshes).toBe(1)
  })

  it('no Web Locks: tokens and logouts still reach the other tabs over the channel', async () => {
    Reflect.deleteProperty(navigator, 'locks')
    const [first, second] = await openTabs(2)

    await first.auth.refresh()
    await settleMessages()
    expect(second.auth.getAccessToken()).toBe('at-1')

    await first.auth.logout()
    await settleMessages()
    expect(second.auth.getAccessToken()).toBeNull()
  })
})

describe('dispose()', () => {
  // A closed BroadcastChannel throws InvalidStateError on postMessage (browsers and Node alike).
  it('a login answered after dispose() resolves: nothing is posted on the closed channel', async () => {
    const tab = openTab()
    const login = tab.auth.login({ password: 'secret' })
    tab.auth.dispose()

    await expect(login).resolves.toMatchObject({ data: { token: 'at-1' } })
  })

  it('a refresh waiting for another tab’s lock rejects at once', async () => {
    backend.options.refreshLatencyMs = 1000
    const [holder, waiter] = await openTabs(2)
    const holding = holder.auth.refresh()
    await settleMessages()
    const waiting = waiter.auth.refresh()
    await settleMessages() // queued for the lock

    waiter.auth.dispose()

    const first = await Promise.race([
      rejectionOf(waiting),
      holding.then(() => 'the holder finished first'),
    ])
    expect(first).toMatchObject({ code: 'ERR_REFRESH_FAILED' })
    await holding
    expect(backend.state.refreshes).toBe(1)
  })

  it('a logout in flight at dispose() resolves and signs out', async () => {
    const [tab] = await openTabs(1)
    const logout = tab.auth.logout()
    tab.auth.dispose()

    await expect(logout).resolves.toBeUndefined()
    expect(tab.auth.getAccessToken()).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { DemoPage } from './helpers/demo-page'
import {
  accessToken,
  type BrowseRun,
  browse,
  holdLock,
  lockWaiters,
  loggedOutAt,
  recordLoggedOut,
  refreshOutcome,
  SESSION_LOCK,
  startRefresh,
} from './helpers/in-page'
import { useDemo } from './helpers/use-demo'

const demoEnv = useDemo()

const TABS = 5
const ACCESS_TTL_MS = 3000
/** The issue asks for 60 s; `CROSS_TAB_RUN_MS` shortens it while working on the tests. */
const RUN_MS = Number(process.env.CROSS_TAB_RUN_MS ?? 60_000)
/** The run, plus opening the tabs and signing in. */
const RUN_TIMEOUT_MS = RUN_MS + 60_000

/** Signs in in one tab, then opens the others in the same browser profile (one cookie jar). */
async function openTabs(count: number, search = ''): Promise<DemoPage[]> {
  const first = await demoEnv.open(undefined, search)
  await first.signIn()
  const tabs = [first]
  while (tabs.length < count) tabs.push(await demoEnv.open(first.context, search))
  return tabs
}

/** Every tab browses at random for RUN_MS; returns each tab's outcome and the server's counts. */
async function browseAll(tabs: DemoPage[]) {
  const before = await demoEnv.server.stats()
  const runs = await Promise.all(tabs.map((tab, index) => browse(tab.page, RUN_MS, index + 1)))
  const after = await demoEnv.server.stats()
  const count = (key: keyof typeof after) => after[key] - before[key]
  const total = (key: keyof BrowseRun) => runs.reduce((sum, run) => sum + Number(run[key]), 0)
  return {
    runs,
    requests: total('requests'),
    succeeded: total('succeeded'),
    failures: runs.flatMap((run) => run.failures),
    sessionExpiries: total('sessionExpiries'),
    refreshes: count('refreshes'),
    graceReuses: count('graceReuses'),
    reuseDetected: count('reuseDetected'),
    /** Token lives in the run: with refresh-ahead off, each ends in (at most) one refresh. */
    expiryPeriods: Math.ceil(RUN_MS / ACCESS_TTL_MS),
  }
}

/**
 * Five tabs of one profile browse for RUN_MS with refresh-ahead off, so every refresh is one an
 * expiry made necessary. Prints the numbers, and checks that nothing was lost either way.
 */
async function runTabs(search: string) {
  await demoEnv.server.reset({ accessTtlMs: ACCESS_TTL_MS })
  const tabs = await openTabs(TABS, `?refreshAhead=off${search}`)
  const result = await browseAll(tabs)

  const { runs, failures, ...totals } = result
  console.log(`\n${search ? search.slice(1) : 'crossTab on'}`)
  console.table(runs.map(({ failures: failed, ...run }) => ({ ...run, failures: failed.length })))
  console.table({ ...totals, failures: failures.length })

  expect(failures).toEqual([])
  expect(result.succeeded).toBe(result.requests)
  expect(result.sessionExpiries).toBe(0)
  expect(result.reuseDetected).toBe(0)
  for (const tab of tabs) expect(await tab.state()).toBe('signed-in')
  return result
}

describe(`${TABS} tabs browsing for ${RUN_MS / 1000} s, access tokens living ${ACCESS_TTL_MS / 1000} s`, () => {
  it(
    'cross-tab: every request succeeds, no session expires, one refresh per token life',
    async () => {
      const { refreshes, expiryPeriods } = await runTabs('')

      expect(refreshes).toBeGreaterThan(0)
      expect(refreshes).toBeLessThanOrEqual(expiryPeriods + 1)
    },
    RUN_TIMEOUT_MS,
  )

  it(
    'crossTab: false still loses no session, at the cost of more refreshes',
    async () => {
      // Each tab refreshes for itself, about once per token life; the tabs share the cookie, so
      // each refresh sends the latest refresh token (the grace window covers two that overlap).
      const { refreshes, expiryPeriods } = await runTabs('&crossTab=off')

      expect(refreshes).toBeGreaterThan(expiryPeriods + 1)
    },
    RUN_TIMEOUT_MS,
  )
})

describe('across tabs', () => {
  it('a tab opened mid-session gets the token from its siblings, without a refresh', async () => {
    await demoEnv.server.reset({ accessTtlMs: 600_000 })
    const [first] = await openTabs(1)
    const before = await demoEnv.server.stats()

    const second = await demoEnv.open(first?.context)

    expect(await second.state()).toBe('signed-in')
    expect(await second.results('Page load: restore the session')).toEqual([
      'Session restored from another tab: it shared its access token, so no refresh was needed.',
    ])
    // No sign-in of its own and no refresh: only the page's own reads (its device list).
    const signIns = ['/api/auth/refresh', '/api/auth/login']
    expect(second.sent.filter((sent) => signIns.includes(sent.path))).toEqual([])
    expect((await demoEnv.server.stats()).refreshes).toBe(before.refreshes)
    expect(second.accessTokens()).toEqual(first?.accessTokens())
  })

  it('a lone tab that reloads asks the lock manager once: no second look for siblings under the lock', async () => {
    await demoEnv.server.reset({ accessTtlMs: 600_000 })
    const [tab] = await openTabs(1)
    if (!tab) throw new Error('a tab expected')
    // Counts the page's LockManager.query() calls from its first script on.
    await tab.context.addInitScript(() => {
      const query = LockManager.prototype.query
      const counted = window as unknown as { lockQueries: number }
      counted.lockQueries = 0
      LockManager.prototype.query = function (this: LockManager) {
        counted.lockQueries++
        return query.call(this)
      }
    })
    const before = await demoEnv.server.stats()

    await tab.page.reload()
    await tab.settled()

    expect(await tab.state()).toBe('signed-in')
    expect((await demoEnv.server.stats()).refreshes).toBe(before.refreshes + 1)
    // Alone when it asked for the lock, it is first in line: each query is a round trip to the
    // browser process, which a page load waits for (bench/reload.ts measures what it costs).
    expect(
      await tab.page.evaluate(() => (window as unknown as { lockQueries: number }).lockQueries),
    ).toBe(1)
  })

  it('the demo’s “Open another tab” opens a tab that shares the session and every refresh', async () => {
    await demoEnv.server.reset({ accessTtlMs: 600_000 })
    const [first] = await openTabs(1)
    if (!first) throw new Error('a tab expected')
    const before = await demoEnv.server.stats()

    const [page] = await Promise.all([
      first.context.waitForEvent('page'),
      first.page.getByRole('button', { name: 'Open another tab', exact: true }).click(),
    ])
    const second = await DemoPage.adopt(first.context, page)
    expect(await second.results('Page load: restore the session')).toEqual([
      'Session restored from another tab: it shared its access token, so no refresh was needed.',
    ])

    await startRefresh(first.page)
    const { token } = await refreshOutcome(first.page)

    const shared = second.page.locator('.block.auto', { hasText: 'Token from another tab' })
    await expect.poll(() => shared.count()).toBe(2) // at the restore, and now
    expect(await accessToken(second.page)).toBe(token)
    expect((await demoEnv.server.stats()).refreshes).toBe(before.refreshes + 1)
  })

  it('logout in one tab reaches every tab within 1 s, without a request of theirs', async () => {
    await demoEnv.server.reset({ accessTtlMs: 600_000 })
    const tabs = await openTabs(3)
    const marks = tabs.map((tab) => tab.mark())
    for (const tab of tabs) await recordLoggedOut(tab.page)

    await tabs[0]?.act('Sign out')
    for (const tab of tabs) await tab.waitForState('signed-out')

    const [origin = 0, ...others] = await Promise.all(tabs.map((tab) => loggedOutAt(tab.page)))
    const delays = others.map((time = Number.POSITIVE_INFINITY) => time - origin)
    // Measured from the signing-out tab's own `loggedOut` event; it posts to the others just before.
    console.log(`logout reached the other tabs at ${delays.join(' ms, ')} ms`)
    for (const delay of delays) expect(delay).toBeLessThan(1000)
    tabs.slice(1).forEach((tab, index) => {
      expect(tab.sent.slice(marks[index + 1])).toEqual([])
    })
  })

  it('a tab that closes while holding the refresh lock does not block the others', async () => {
    await demoEnv.server.reset({ accessTtlMs: 600_000 })
    const [holder, waiter] = await openTabs(2)
    if (!holder || !waiter) throw new Error('two tabs expected')
    await holdLock(holder.page, SESSION_LOCK)
    const before = await demoEnv.server.stats()

    await startRefresh(waiter.page)
    await expect.poll(() => lockWaiters(waiter.page, SESSION_LOCK)).toBe(1)
    await holder.page.close()
    const { token, elapsedMs } = await refreshOutcome(waiter.page)

    console.log(`the waiting tab refreshed ${elapsedMs} ms after it asked`)
    expect(token).toMatch(/^ey/)
    expect((await demoEnv.server.stats()).refreshes).toBe(before.refreshes + 1)
    // Without the release on close it would have waited the lock timeout (refreshTimeoutMs, 10 s).
    expect(elapsedMs).toBeLessThan(10_000)
  })
})

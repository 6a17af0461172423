import type { AxiosInstance } from 'axios'
import type { Page } from 'playwright-core'
import type { SilentRefresh } from 'silent-refresh'

/**
 * Things done inside a demo tab through the handle the page puts on `window` for the devtools
 * console. Each function given to `page.evaluate` runs in the browser, so it uses nothing from
 * this module but types.
 */
interface DemoWindow {
  silentRefresh: { api: AxiosInstance; auth: SilentRefresh; crossTab: boolean }
  loggedOutAt?: number
  refreshOutcome?: Promise<{ token: string; elapsedMs: number }>
}

/** The Web Lock the demo's tabs share: the SDK names it after the refresh URL. */
export const SESSION_LOCK = 'silent-refresh /api/auth/refresh'

export interface BrowseRun {
  requests: number
  succeeded: number
  failures: string[]
  sessionExpiries: number
}

/**
 * Random browsing for `durationMs`: a pause of 50–500 ms, then 1–4 concurrent requests, again
 * and again; seeded, so a run can be repeated. Counts how each request ended.
 */
export function browse(page: Page, durationMs: number, seed: number): Promise<BrowseRun> {
  return page.evaluate(
    async ({ durationMs, seed }) => {
      const { api, auth } = (window as unknown as DemoWindow).silentRefresh
      let state = seed
      const random = () => {
        // mulberry32
        state = (state + 0x6d2b79f5) | 0
        let t = Math.imul(state ^ (state >>> 15), 1 | state)
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296
      }
      const run = { requests: 0, succeeded: 0, failures: [] as string[], sessionExpiries: 0 }
      const off = auth.on('sessionExpired', () => run.sessionExpiries++)
      const end = Date.now() + durationMs
      while (Date.now() < end) {
        await new Promise((resolve) => setTimeout(resolve, 50 + random() * 450))
        const burst = 1 + Math.floor(random() * 4)
        run.requests += burst
        await Promise.all(
          Array.from({ length: burst }, () =>
            api.get('/api/employees').then(
              () => run.succeeded++,
              (error: unknown) => run.failures.push(String(error)),
            ),
          ),
        )
      }
      off()
      return run
    },
    { durationMs, seed },
  )
}

export function accessToken(page: Page): Promise<string | null> {
  return page.evaluate(() => (window as unknown as DemoWindow).silentRefresh.auth.getAccessToken())
}

/** From now on the tab notes when it learned of a logout. */
export function recordLoggedOut(page: Page): Promise<void> {
  return page.evaluate(() => {
    const handle = window as unknown as DemoWindow
    handle.silentRefresh.auth.on('loggedOut', () => {
      handle.loggedOutAt = Date.now()
    })
  })
}

export function loggedOutAt(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as DemoWindow).loggedOutAt)
}

/** Starts `auth.refresh()` in the tab without waiting for it; `refreshOutcome` waits. */
export function startRefresh(page: Page): Promise<void> {
  return page.evaluate(() => {
    const handle = window as unknown as DemoWindow
    const started = Date.now()
    handle.refreshOutcome = handle.silentRefresh.auth
      .refresh()
      .then((token) => ({ token, elapsedMs: Date.now() - started }))
  })
}

export function refreshOutcome(page: Page): Promise<{ token: string; elapsedMs: number }> {
  return page.evaluate(() => {
    const outcome = (window as unknown as DemoWindow).refreshOutcome
    if (!outcome) throw new Error('startRefresh() first')
    return outcome
  })
}

/** How many requests for lock `name` wait, across the origin's tabs. */
export function lockWaiters(page: Page, name: string): Promise<number> {
  return page.evaluate(async (name) => {
    const { pending = [] } = await navigator.locks.query()
    return pending.filter((lock) => lock.name === name).length
  }, name)
}

/** Holds lock `name` until the tab closes, as a tab stuck in its refresh would. */
export function holdLock(page: Page, name: string): Promise<void> {
  return page.evaluate((name) => {
    void navigator.locks.request(name, () => new Promise(() => {}))
  }, name)
}

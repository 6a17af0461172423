import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from './helpers/chromium'
import { type DemoServer, startDemoServer } from './helpers/demo-server'

// The fetch flavour in real Chromium, on the demo's origin (its embedded mock backend sets the
// real HttpOnly cookie): one refresh for a burst, replayed bodies, and one refresh across tabs.
const root = new URL('../..', import.meta.url).pathname
const module = `/@fs${root}test/e2e/fixtures/fetch-module.ts`

let server: DemoServer
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})
beforeEach(async () => {
  await server.reset()
  await context?.close()
  context = await browser.newContext()
})

/** A tab with the fetch flavour on `window.auth` (cross-tab on, the browser default). */
async function openTab(): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${server.url}blank.html`)
  await page.evaluate(async (url) => {
    const load = new Function('url', 'return import(url)') // not rewritten by vitest
    const { createSilentFetch } = await load(url)
    Object.assign(window, { auth: createSilentFetch({ refreshAheadMs: false }) })
  }, module)
  return page
}

/** `count` concurrent GETs of the protected API through `auth.fetch`; their statuses. */
const burst = (page: Page, count: number) =>
  page.evaluate(async (count) => {
    const { auth } = window as unknown as { auth: { fetch: typeof fetch } }
    const responses = await Promise.all(
      Array.from({ length: count }, () => auth.fetch('/api/employees')),
    )
    return responses.map((response) => response.status)
  }, count)

const expireAccess = () =>
  fetch(new URL('/__mock/expire-access', server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin' }),
  })

describe('the fetch flavour in Chromium', () => {
  it('signs in with the HttpOnly cookie, and after the tokens are revoked refreshes once for 20 requests', async () => {
    const page = await openTab()
    await page.evaluate(() =>
      (window as unknown as { auth: { login(c: unknown): Promise<unknown> } }).auth.login({
        username: 'admin',
        password: '123456',
      }),
    )
    expect(await burst(page, 1)).toEqual([200])

    await expireAccess()
    expect(await burst(page, 20)).toEqual(Array(20).fill(200))
    expect(await server.stats()).toMatchObject({ logins: 1, rotations: 1, unauthorized: 20 })
  })

  it('a tab opened later takes the signed-in tab’s token, and a burst in both costs one refresh', async () => {
    const first = await openTab()
    await first.evaluate(() =>
      (window as unknown as { auth: { login(c: unknown): Promise<unknown> } }).auth.login({
        username: 'admin',
        password: '123456',
      }),
    )
    // A page load restoring its session asks the other tab first: no refresh at all.
    const second = await openTab()
    await second.evaluate(() =>
      (window as unknown as { auth: { refresh(): Promise<string> } }).auth.refresh(),
    )
    expect((await server.stats()).refreshes).toBe(0)

    await expireAccess()
    const [a, b] = await Promise.all([burst(first, 10), burst(second, 10)])
    expect([...a, ...b]).toEqual(Array(20).fill(200))
    expect((await server.stats()).rotations).toBe(1)
  })
})

import type { BrowserContext, Page } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { useDemo } from './helpers/use-demo'

// The fetch flavour in real Chromium, on the demo's origin (its embedded mock backend sets the
// real HttpOnly cookie): one refresh for a burst, replayed bodies, and one refresh across tabs.
const root = new URL('../..', import.meta.url).pathname
const module = `/@fs${root}test/e2e/fixtures/fetch-module.ts`

const demoEnv = useDemo()
let context: BrowserContext

beforeEach(async () => {
  await demoEnv.server.reset()
  await context?.close()
  context = await demoEnv.browser.newContext()
})

/** A tab with the fetch flavour on `window.auth` (cross-tab on, the browser default). */
async function openTab(): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${demoEnv.server.url}blank.html`)
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
  fetch(new URL('/__mock/expire-access', demoEnv.server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin' }),
  })

/** Signs in through the page's SDK, as admin. */
const signIn = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { auth: { login(c: unknown): Promise<unknown> } }).auth.login({
      username: 'admin',
      password: '123456',
    }),
  )

describe('the fetch flavour in Chromium', () => {
  it('signs in with the HttpOnly cookie, and after the tokens are revoked refreshes once for 20 requests', async () => {
    const page = await openTab()
    await signIn(page)
    expect(await burst(page, 1)).toEqual([200])

    await expireAccess()
    expect(await burst(page, 20)).toEqual(Array(20).fill(200))
    expect(await demoEnv.server.stats()).toMatchObject({
      logins: 1,
      rotations: 1,
      unauthorized: 20,
    })
  })

  it('a tab opened later takes the signed-in tab’s token, and a burst in both costs one refresh', async () => {
    const first = await openTab()
    await signIn(first)
    // A page load restoring its session asks the other tab first: no refresh at all.
    const second = await openTab()
    await second.evaluate(() =>
      (window as unknown as { auth: { refresh(): Promise<string> } }).auth.refresh(),
    )
    expect((await demoEnv.server.stats()).refreshes).toBe(0)

    await expireAccess()
    const [a, b] = await Promise.all([burst(first, 10), burst(second, 10)])
    expect([...a, ...b]).toEqual(Array(20).fill(200))
    expect((await demoEnv.server.stats()).rotations).toBe(1)
  })
})

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './helpers/chromium'
import { type DemoServer, startDemoServer } from './helpers/demo-server'
import { startOtherOrigin } from './helpers/other-origin'

// The SDK itself in real Chromium, loaded from source through the demo's Vite server as an app
// would bundle it, against a server on another origin whose CORS answers Chromium checks.
const root = new URL('../..', import.meta.url).pathname
const fsPath = (path: string) => `/@fs${root}${path}`

let server: DemoServer
let browser: Browser
let other: Awaited<ReturnType<typeof startOtherOrigin>>

beforeAll(async () => {
  server = await startDemoServer()
  // gc() in the page, for the time-limit check below.
  browser = await launchChromium(['--js-flags=--expose-gc'])
  other = await startOtherOrigin(new URL(server.url).origin)
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await other?.close()
})

async function openPage(): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${server.url}blank.html`)
  return page
}

describe('the SDK in Chromium', () => {
  // Defect 1 of the session-core issue, in a browser: time limits that a garbage collection
  // cannot take away. A refresh endpoint that never answers, a gc() every 10 ms.
  it('rejects on schedule with ERR_REFRESH_TIMEOUT when the refresh endpoint never answers', async () => {
    const page = await openPage()
    const outcome = await page.evaluate(
      async ({ module, baseURL }) => {
        // (Written so, or vitest would rewrite the import for Node.)
        const load = new Function('url', 'return import(url)')
        const { axios, createSilentRefresh } = await load(module)
        const api = axios.create({ baseURL })
        const auth = createSilentRefresh(api, {
          refreshUrl: '/hang',
          crossTab: false,
          refreshAheadMs: false,
          refreshTimeoutMs: 200,
          retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 50 },
        })
        const collect = setInterval(() => (globalThis as { gc?: () => void }).gc?.(), 10)
        const started = performance.now()
        const code = await auth.refresh().then(
          () => 'resolved',
          (error: { code?: string }) => error.code,
        )
        clearInterval(collect)
        return {
          code,
          ms: performance.now() - started,
          gc: typeof (globalThis as { gc?: unknown }).gc,
        }
      },
      { module: fsPath('test/e2e/fixtures/sdk-module.ts'), baseURL: other.url },
    )

    expect(outcome.gc).toBe('function')
    expect(outcome.code).toBe('ERR_REFRESH_TIMEOUT')
    expect(outcome.ms).toBeGreaterThanOrEqual(420) // 2 × 200 ms + a 25–50 ms backoff
    expect(outcome.ms).toBeLessThan(10_000)
    expect(other.counts.hung).toBe(1) // one call, waited for by both attempts
  })

  // Defect 7: the internal client always sent credentials, so a token endpoint on another origin
  // that allows none (oidc-provider, for one) failed the preflight: every request ended
  // ERR_REFRESH_FAILED.
  it('the README’s OAuth example works against a cross-origin token endpoint that allows no credentials', async () => {
    const page = await openPage()
    const before = { ...other.counts }
    const replies = await page.evaluate(
      async ({ module, urls }) => {
        ;(globalThis as { oauthExample?: unknown }).oauthExample = urls
        const load = new Function('url', 'return import(url)')
        const { api, auth } = await load(module)
        auth.setSession({ accessToken: 'expired', expiresAt: Date.now() - 1 })
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, () => api.get('/api/data')),
        )
        return results.map((result) =>
          result.status === 'fulfilled'
            ? (result.value as { data: { sent: string } }).data.sent
            : String((result.reason as { code?: string }).code),
        )
      },
      {
        module: fsPath('test/readme/oauth-refresh-request.ts'),
        urls: { API_URL: other.url, TOKEN_URL: `${other.url}/oauth/token` },
      },
    )

    expect(replies).toEqual(Array(20).fill('Bearer oauth-1'))
    expect(other.counts.tokenCalls - before.tokenCalls).toBe(1)
    expect(other.counts.credentialedTokenCalls).toBe(0)
  })
})

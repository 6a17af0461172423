import type { Browser, BrowserContext } from 'playwright-core'
import { launchChromium } from '../test/e2e/helpers/chromium'
import { type DemoServer, startDemoServer } from '../test/e2e/helpers/demo-server'
import { median } from './fresh-process'

/** The page as an app has it after a reload: nothing in memory, only the refresh cookie. */
export type ReloadVariant = 'lone tab' | 'with a sibling tab' | 'crossTab: false'
export const reloadVariants: ReloadVariant[] = ['lone tab', 'with a sibling tab', 'crossTab: false']
export const startDelays = [0, 50, 150]

const sdkModule = `/@fs${new URL('../test/e2e/fixtures/sdk-module.ts', import.meta.url).pathname}`

/**
 * In Chromium, against the demo's dev server (mock backend on the page's origin): a signed-in
 * user reloads. The new page makes the SDK, waits `delayMs`, then calls `/api/employees`;
 * the time is from that call to its answer. With a sibling tab open, the sibling holds a token;
 * the reloaded tab should take it without a refresh.
 */
async function reloadOnce(
  browser: Browser,
  server: DemoServer,
  variant: ReloadVariant,
  delayMs: number,
) {
  const context = await browser.newContext()
  try {
    const signIn = await context.newPage()
    await signIn.goto(`${server.url}blank.html`)
    const crossTab = variant !== 'crossTab: false'
    if (variant === 'with a sibling tab') await makeSdk(context, server, true, true)
    else
      await signIn.evaluate(() =>
        fetch('/api/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: '123456' }),
        }),
      )
    const before = await server.stats()
    const page = await context.newPage()
    await page.goto(`${server.url}blank.html`)
    const ms = await page.evaluate(
      async ({ module, crossTab, delayMs }) => {
        const load = new Function('url', 'return import(url)')
        const { axios, createSilentRefresh } = await load(module)
        const api = axios.create()
        createSilentRefresh(api, { crossTab, refreshAheadMs: false })
        await new Promise((resolve) => setTimeout(resolve, delayMs))
        const started = performance.now()
        await api.get('/api/employees')
        return performance.now() - started
      },
      { module: sdkModule, crossTab, delayMs },
    )
    const after = await server.stats()
    return { ms, refreshes: after.refreshes - before.refreshes }
  } finally {
    await context.close()
  }
}

/** A tab of `context` with the SDK signed in (the sibling a reloaded tab can ask). */
async function makeSdk(
  context: BrowserContext,
  server: DemoServer,
  crossTab: boolean,
  login: boolean,
) {
  const page = await context.newPage()
  await page.goto(`${server.url}blank.html`)
  await page.evaluate(
    async ({ module, crossTab, login }) => {
      const load = new Function('url', 'return import(url)')
      const { axios, createSilentRefresh } = await load(module)
      const auth = createSilentRefresh(axios.create(), { crossTab, refreshAheadMs: false })
      if (login) await auth.login({ username: 'admin', password: '123456' })
      ;(window as { keep?: unknown }).keep = auth
    },
    { module: sdkModule, crossTab, login },
  )
  return page
}

/**
 * Median over `rounds` of each variant and start delay, interleaved so slow spells spread evenly.
 * 21 rounds: a page load here varies by tens of percent, and with 7 the lone tab's ratio at 0 ms
 * read 1.26x in one run and 0.96x in the next.
 */
export const RELOAD_ROUNDS = 21
export async function measureReload(rounds = RELOAD_ROUNDS) {
  const server = await startDemoServer()
  const browser = await launchChromium()
  try {
    await server.reset({ accessTtlMs: 600_000 })
    await reloadOnce(browser, server, 'lone tab', 0) // Vite transforms the modules once
    const samples = new Map<string, Array<{ ms: number; refreshes: number }>>()
    for (let round = 0; round < rounds; round++)
      for (const delayMs of startDelays)
        for (const variant of reloadVariants) {
          const key = `${variant}|${delayMs}`
          samples.set(key, [
            ...(samples.get(key) ?? []),
            await reloadOnce(browser, server, variant, delayMs),
          ])
        }
    return reloadVariants.flatMap((variant) =>
      startDelays.map((delayMs) => {
        const runs = samples.get(`${variant}|${delayMs}`) ?? []
        const base = samples.get(`crossTab: false|${delayMs}`) ?? []
        return {
          variant,
          delayMs,
          medianMs: median(runs.map((run) => run.ms)),
          ratio: median(runs.map((run, i) => run.ms / (base[i]?.ms ?? run.ms))),
          refreshes: Math.max(...runs.map((run) => run.refreshes)),
        }
      }),
    )
  } finally {
    await browser.close()
    await server.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureReload())

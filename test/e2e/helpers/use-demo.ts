import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { launchChromium } from './chromium'
import { DemoPage } from './demo-page'
import { type DemoServer, startDemoServer } from './demo-server'

/**
 * One demo dev server and one Chromium per test file; every page a test opens is closed after it.
 * Each test resets the backend itself (`server.reset(...)` in a `beforeEach`), choosing the token life.
 */
export function useDemo() {
  let server: DemoServer
  let browser: Browser
  const opened: DemoPage[] = []

  beforeAll(async () => {
    server = await startDemoServer()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  afterEach(async () => {
    for (const demo of opened.splice(0)) await demo.context.close()
  })

  return {
    get server() {
      return server
    },
    /** For a test that opens its own pages (not the demo's): close the contexts you make. */
    get browser() {
      return browser
    },
    /**
     * The demo page in a fresh browser context (its own cookie jar), or as another tab of
     * `context`; `search` sets the demo's URL options, e.g. `?crossTab=off`.
     */
    async open(context?: BrowserContext, search = ''): Promise<DemoPage> {
      const demo = await DemoPage.open(browser, server.url + search, context)
      if (!context) opened.push(demo)
      return demo
    },
  }
}

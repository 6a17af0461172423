import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core'
import { expect } from 'vitest'

export type PageState = 'restoring' | 'signed-in' | 'signed-out' | 'expired'

/** One `/api/*` request as the browser sent it, and the status it got. */
export interface Sent {
  method: string
  path: string
  status: number
  authorization: string | undefined
}

/** The demo page in a real tab, seen from outside: its buttons, its state, its network traffic. */
export class DemoPage {
  /** Every `/api/*` exchange, in the order the answers came. */
  readonly sent: Sent[] = []

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.setDefaultTimeout(20_000)
    page.on('response', (response) => {
      const request = response.request()
      const { pathname } = new URL(request.url())
      if (!pathname.startsWith('/api/')) return
      this.sent.push({
        method: request.method(),
        path: pathname,
        status: response.status(),
        authorization: request.headers().authorization,
      })
    })
  }

  /** Opens the demo in a new tab (of `context`, or of a fresh profile) and waits for the restore. */
  static async open(browser: Browser, url: string, context?: BrowserContext): Promise<DemoPage> {
    const tabs = context ?? (await browser.newContext({ viewport: { width: 1280, height: 1000 } }))
    const demo = new DemoPage(tabs, await tabs.newPage())
    await demo.page.goto(url)
    await demo.settled()
    return demo
  }

  /** A tab the page opened itself (`window.open`), once its restore is over; `sent` starts now. */
  static async adopt(context: BrowserContext, page: Page): Promise<DemoPage> {
    const demo = new DemoPage(context, page)
    await page.waitForLoadState()
    await demo.settled()
    return demo
  }

  /** After a load or reload: the restore is over and, if it worked, the list is loaded. */
  async settled(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.state !== 'restoring')
    if ((await this.state()) === 'signed-in') await this.employeesShown()
  }

  state(): Promise<PageState> {
    return this.page.evaluate(() => document.body.dataset.state as PageState)
  }

  async waitForState(state: PageState): Promise<void> {
    await this.page.waitForFunction((want) => document.body.dataset.state === want, state)
  }

  /** Signs in with the prefilled admin / 123456 and waits for the list. */
  async signIn(): Promise<void> {
    await this.act('Sign in', 'Sign in as admin')
    await this.waitForState('signed-in')
    await this.employeesShown()
  }

  /**
   * Clicks a button and waits until the timeline block of the action it starts is done;
   * resolves to that block's one-line result.
   */
  async act(button: string, title = button): Promise<string> {
    const before = await this.results(title)
    await this.page.getByRole('button', { name: button, exact: true }).click()
    await this.page.waitForFunction(
      ([want, count]) =>
        [...document.querySelectorAll('.block.action[data-done]')].filter(
          (block) => block.querySelector('.block-head strong')?.textContent === want,
        ).length > count,
      [title, before.length] as const,
    )
    const [latest = ''] = await this.results(title)
    return latest
  }

  /** Result lines of the finished blocks with this title, newest first. */
  results(title: string): Promise<string[]> {
    return this.page.evaluate(
      (want) =>
        [...document.querySelectorAll('.block.action[data-done]')]
          .filter((block) => block.querySelector('.block-head strong')?.textContent === want)
          .map((block) => block.querySelector('.result')?.textContent ?? ''),
      title,
    )
  }

  async employeesShown(): Promise<string[]> {
    await this.page.locator('#employees li strong').first().waitFor()
    return this.page.locator('#employees li strong').allTextContents()
  }

  async refreshCookie(): Promise<Cookie | undefined> {
    return (await this.context.cookies()).find((cookie) => cookie.name === 'rt')
  }

  /** The access tokens this tab sent as `Authorization: Bearer`. */
  accessTokens(): string[] {
    const tokens = this.sent.map((sent) => sent.authorization?.replace(/^Bearer /, ''))
    return [...new Set(tokens.filter((token): token is string => !!token))]
  }

  /** A position in the traffic, for `answered()`. */
  mark(): number {
    return this.sent.length
  }

  /**
   * The `/api/*` exchanges since `mark`, once at least `count` have been answered: the browser
   * reports responses to the test asynchronously, possibly after the page has shown them.
   */
  async answered(mark: number, count: number): Promise<Sent[]> {
    await expect.poll(() => this.sent.length - mark).toBeGreaterThanOrEqual(count)
    return this.sent.slice(mark)
  }
}

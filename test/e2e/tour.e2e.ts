import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { beforeEach, describe, expect, it } from 'vitest'
import type { DemoPage } from './helpers/demo-page'
import { useDemo } from './helpers/use-demo'

// The demo's walk-through, controls and device panel in Chromium: every step the page claims is
// ticked off on the real request it names, and each scenario leaves a screenshot in test-results/.
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))
const demoEnv = useDemo()

async function screenshot(demo: DemoPage, name: string): Promise<void> {
  await mkdir(repo('test-results'), { recursive: true })
  await demo.page.screenshot({
    path: repo(`test-results/demo-${name}.png`),
    animations: 'disabled',
    fullPage: true,
  })
}

/** Runs a tour from its button and waits for its verdict. */
async function takeTour(demo: DemoPage, button: string): Promise<string | undefined> {
  await demo.page.getByRole('button', { name: button }).click()
  await demo.page.waitForFunction(() => document.body.dataset.tour !== undefined, undefined, {
    timeout: 30_000,
  })
  return demo.page.evaluate(() => document.body.dataset.tour)
}

/** For each step number, the timeline rows it was ticked on: role, method, URL, status. */
const stepRows = (demo: DemoPage) =>
  demo.page.evaluate(() => {
    const rows = new Map<number, string[]>()
    for (const row of document.querySelectorAll<HTMLElement>('.row[data-steps]')) {
      const line = [
        ...row.querySelectorAll('.line .role, .line .method, .line .url, .line .status'),
      ]
        .map((cell) => cell.textContent)
        .join(' ')
      for (const step of row.dataset.steps?.split(' ') ?? [])
        rows.set(Number(step), [...(rows.get(Number(step)) ?? []), line])
    }
    return Object.fromEntries(rows)
  })

const doneSteps = (demo: DemoPage) => demo.page.locator('#tour-steps li.done').count()

describe('the walk-through', () => {
  beforeEach(() => demoEnv.server.reset({ accessTtlMs: 600_000 }))

  it('1 · the 401 path: ten steps, each on the request where it happens', async () => {
    const demo = await demoEnv.open()
    expect(await takeTour(demo, '1 · Token expires')).toBe('done')

    expect(await doneSteps(demo)).toBe(10)
    const rows = await stepRows(demo)
    for (const step of [1, 2, 3]) expect(rows[step]).toEqual(['API GET /api/employees 401'])
    for (const step of [4, 5, 6, 7, 8, 9])
      expect(rows[step]).toEqual(['refresh POST /api/auth/refresh 200'])
    expect(rows[10]).toEqual(['replay GET /api/employees 200'])
    await screenshot(demo, 'tour-refresh')
    if (process.env.UPDATE_DEMO_SCREENSHOT) {
      // The README's picture: the page as a visitor sees it after the first walk-through.
      await mkdir(repo('docs'), { recursive: true })
      await demo.page.screenshot({ path: repo('docs/demo.png'), animations: 'disabled' })
    }
  })

  it('2 · a stolen refresh token: reuse detected, the family revoked, the session ended', async () => {
    const demo = await demoEnv.open()
    expect(await takeTour(demo, '2 · A stolen refresh token')).toBe('done')

    expect(await doneSteps(demo)).toBe(6)
    const rows = await stepRows(demo)
    expect(rows[2]).toEqual(['mock POST /__mock/replay-stolen 200'])
    expect(rows[4]).toEqual(['API GET /api/employees 401'])
    expect(rows[5]).toEqual(['refresh POST /api/auth/refresh 401'])
    expect(await demo.state()).toBe('expired')
    expect((await demoEnv.server.stats()).reuseDetected).toBe(1)
    await screenshot(demo, 'tour-theft')
  })

  it('3 · two tabs: the new tab takes this one’s token, a burst costs one refresh, the other hears of it', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()
    const opened = demo.context.waitForEvent('page')
    const verdict = takeTour(demo, '3 · Two tabs, one refresh')
    const other = await opened
    expect(await verdict).toBe('done')

    expect(await doneSteps(demo)).toBe(4)
    await other.waitForFunction(() => document.body.dataset.state === 'signed-in')
    // The new tab restored from this one: not one refresh of its own.
    expect(
      await other.locator('.block-head strong', { hasText: 'Token from another tab' }).count(),
    ).toBeGreaterThan(0)
    expect(
      await demo.page
        .locator('.block-head strong', { hasText: 'Another tab asked for the session' })
        .count(),
    ).toBeGreaterThan(0)
    await screenshot(demo, 'tour-tabs')
  })
})

describe('the controls', () => {
  beforeEach(() => demoEnv.server.reset())

  it('pre-emptive: with refresh-ahead off, 20 requests after expiry are held for one refresh, none meets a 401', async () => {
    const demo = await demoEnv.open(undefined, '?refreshAhead=off')
    expect(await demo.page.locator('#ctl-ahead').isChecked()).toBe(false)
    await demo.page.locator('#ctl-ttl').selectOption('5000')
    await demo.page.waitForFunction(async () => {
      const response = await fetch('/__mock/config')
      return (await response.json()).data.accessTtlMs === 5000
    })
    await demo.signIn()
    // The token runs out in the browser's own time: five seconds.
    await demo.page.waitForFunction(
      () => document.getElementById('at-state')?.textContent?.startsWith('Expired'),
      undefined,
      { timeout: 15_000 },
    )
    const before = await demoEnv.server.stats()

    const result = await demo.act('Fire 20 concurrent requests')

    expect(result).toBe('20/20 succeeded · 20 held for the refresh · 0 × 401 · 1 refresh')
    const stats = await demoEnv.server.stats()
    expect(stats.refreshes - before.refreshes).toBe(1)
    expect(stats.unauthorized - before.unauthorized).toBe(0)
    await screenshot(demo, 'preemptive-hold')
  })
})

describe('the device panel', () => {
  beforeEach(() => demoEnv.server.reset({ accessTtlMs: 600_000 }))

  it('lists the devices; a revoked device’s next refresh is refused', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()
    await expect.poll(() => demo.page.locator('#devices li[data-device]').count()).toBe(1)

    await demo.act('Sign in as another device')
    await expect.poll(() => demo.page.locator('#devices li[data-device]').count()).toBe(2)
    expect(await demo.page.locator('#devices .badge').count()).toBe(1) // this device, marked

    const other = await demo.page
      .locator('#devices li[data-device]:not(:has(.badge))')
      .getAttribute('data-device')
    const result = await demo.act('Revoke', `Revoke device ${other}`)

    expect(result).toBe(
      `Device ${other} revoked. Its next refresh: 401 — The refresh token was revoked.`,
    )
    await expect.poll(() => demo.page.locator('#devices li[data-device]').count()).toBe(1)
    expect(await demo.state()).toBe('signed-in') // this device is untouched
    await screenshot(demo, 'devices')
  })
})

describe('the timeline', () => {
  beforeEach(() => demoEnv.server.reset({ accessTtlMs: 600_000 }))

  it('labels a first visit’s restore as no session yet, folds groups past thirty, and clears', async () => {
    const demo = await demoEnv.open()
    expect(await demo.results('Page load: restore the session')).toEqual([
      'No session yet: the server found no refresh cookie. Sign in to start one.',
    ])
    expect(await demo.page.locator('.block.no-session').count()).toBe(1)

    await demo.signIn() // with the restore: four groups (restore, sign-in, the list, the devices)
    for (let i = 0; i < 27; i++) await demo.act('Load employees')
    expect(await demo.page.locator('#timeline > .block').count()).toBe(30)
    expect(await demo.page.locator('#timeline > .folded').textContent()).toBe(
      '1 older group folded away',
    )

    await demo.page.getByRole('button', { name: 'Clear', exact: true }).click()
    expect(await demo.page.locator('#timeline > *').count()).toBe(0)
  })
})

import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { beforeEach, describe, expect, it } from 'vitest'
import { useDemo } from './helpers/use-demo'

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

const demoEnv = useDemo()

describe('after the access token expires', () => {
  // A token that outlives the test keeps the SDK's refresh-ahead timer out of the counts;
  // the expiry comes from the server ("Expire the access token now").
  beforeEach(() => demoEnv.server.reset({ accessTtlMs: 600_000 }))

  it('the next action gets a 401, refreshes once, replays and succeeds', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()
    await demo.act('Expire the access token now')
    const before = await demoEnv.server.stats()
    const mark = demo.mark()

    expect(await demo.act('Load employees')).toBe('8 employees loaded.')

    expect((await demoEnv.server.stats()).refreshes).toBe(before.refreshes + 1)
    const sent = await demo.answered(mark, 3)
    expect(sent).toHaveLength(3)
    const [refused, refresh, replay] = sent
    expect(refused).toMatchObject({ path: '/api/employees', status: 401 })
    expect(refresh).toMatchObject({ path: '/api/auth/refresh', status: 200 })
    expect(replay).toMatchObject({ path: '/api/employees', status: 200 })
    expect(replay?.authorization).not.toBe(refused?.authorization)
    const group = demo.page.locator('.block.action').first().locator('.group')
    expect(await group.locator('.summary').textContent()).toBe('1 refused · 1 refresh · 1 replayed')
  })

  it('a burst of 20 concurrent requests causes exactly one refresh', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()
    await demo.act('Expire the access token now')
    const before = await demoEnv.server.stats()
    const mark = demo.mark()

    const result = await demo.act('Fire 20 concurrent requests')

    // The server revoked the token, which the SDK cannot know: all 20 met a 401 and replayed.
    expect(result).toBe('20/20 succeeded · 0 held for the refresh · 20 × 401 · 1 refresh')
    const stats = await demoEnv.server.stats()
    expect(stats.refreshes).toBe(before.refreshes + 1)
    expect(stats.rotations).toBe(before.rotations + 1)
    // 20 refused, one refresh, 20 replays.
    const sent = await demo.answered(mark, 41)
    expect(sent).toHaveLength(41)
    expect(sent.filter((s) => s.path === '/api/auth/refresh')).toHaveLength(1)
    const employees = sent.filter((s) => s.path === '/api/employees')
    expect(employees.filter((s) => s.status === 401)).toHaveLength(20)
    expect(employees.filter((s) => s.status === 200)).toHaveLength(20)
  })
})

describe('mid-session', () => {
  // The demo's own 20 s token, so the countdown in the picture looks as it does for a visitor.
  beforeEach(() => demoEnv.server.reset())

  it('writes a screenshot of the page mid-session', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()
    await demo.act('Expire the access token now')
    await demo.act('Load employees')
    await demo.act('Expire the access token now')
    await demo.act('Fire 20 concurrent requests')

    await mkdir(repo('test-results'), { recursive: true })
    const path = repo('test-results/demo-mid-session.png')
    await demo.page.screenshot({ path, animations: 'disabled' })
    expect(await demo.state()).toBe('signed-in')
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import { useDemo } from './helpers/use-demo'

const demoEnv = useDemo()
beforeEach(() => demoEnv.server.reset({ accessTtlMs: 600_000 }))

const STEAL = 'Simulate a stolen refresh token'

describe('a stolen refresh token', () => {
  it('ends the session, and the page shows the expired state, not an error', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()

    // Nothing has rotated yet, so the page refreshes once to have an old token to steal.
    const result = await demo.act(STEAL)

    expect(result).toBe('Session expired: the server refused the refresh token. Sign in again.')
    expect(await demo.state()).toBe('expired')
    const banner = demo.page.locator('.banner')
    expect(await banner.isVisible()).toBe(true)
    expect(await banner.textContent()).toContain('Signed out — session expired.')
    expect(await demo.page.getByRole('button', { name: 'Sign in', exact: true }).isVisible()).toBe(
      true,
    )
    expect(await demo.page.locator('#employees li strong').count()).toBe(0)
    expect(await demo.refreshCookie()).toBeUndefined()
    expect((await demoEnv.server.stats()).reuseDetected).toBe(1)
  })

  it('ends the session in every tab: the others are told, without a request of theirs', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()
    const others = [await demoEnv.open(demo.context), await demoEnv.open(demo.context)]
    const marks = others.map((other) => other.mark())

    await demo.act(STEAL)

    expect(await demo.state()).toBe('expired')
    for (const [index, other] of others.entries()) {
      await other.waitForState('expired')
      expect(other.sent.slice(marks[index])).toEqual([])
    }
    const stats = await demoEnv.server.stats()
    expect(stats.reuseDetected).toBe(1)
    // The new tabs took the first tab's token, so the page refreshed once to have a token to steal.
    expect(stats.refreshes).toBe(1)
  })

  it('without cross-tab, another tab learns of it on its next request', async () => {
    const demo = await demoEnv.open(undefined, '?crossTab=off')
    await demo.signIn()
    // The second tab restores through the shared cookie: that rotation leaves an old token behind.
    const other = await demoEnv.open(demo.context, '?crossTab=off')
    expect(await other.state()).toBe('signed-in')

    await demo.act(STEAL)
    expect(await demo.state()).toBe('expired')
    expect(await other.state()).toBe('signed-in')

    await other.act('Load employees')
    expect(await other.state()).toBe('expired')
    const stats = await demoEnv.server.stats()
    expect(stats.reuseDetected).toBe(1)
    expect(stats.refreshes).toBe(1)
  })
})

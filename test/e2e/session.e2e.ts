import { beforeEach, describe, expect, it } from 'vitest'
import { useDemo } from './helpers/use-demo'

const demoEnv = useDemo()
// A token that outlives the test keeps the SDK's refresh-ahead timer out of the counts.
beforeEach(() => demoEnv.server.reset({ accessTtlMs: 600_000 }))

describe('signing in', () => {
  it('shows the list and who is signed in on which device', async () => {
    const demo = await demoEnv.open()
    expect(await demo.state()).toBe('signed-out')

    await demo.signIn()

    expect(await demo.employeesShown()).toContain('Grace Hopper')
    expect(await demo.page.locator('#who-user').textContent()).toBe('admin')
    expect(await demo.page.locator('#who-device').textContent()).toMatch(/^[0-9a-f]{16}$/)
    expect((await demoEnv.server.stats()).logins).toBe(1)
  })

  it('keeps the refresh token in an HttpOnly cookie scoped to /api/auth, out of reach of scripts', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()

    const cookie = await demo.refreshCookie()
    expect(cookie).toMatchObject({ httpOnly: true, path: '/api/auth', sameSite: 'Strict' })
    expect(await demo.page.evaluate(() => document.cookie)).not.toMatch(/(^|;\s*)rt=/)
    // The timeline shows what Set-Cookie said, never the token itself.
    const html = await demo.page.content()
    expect(html).toContain('HttpOnly')
    expect(html).not.toContain(cookie?.value)
  })

  it('keeps the access token in memory: no Web Storage holds it', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()

    const tokens = demo.accessTokens()
    expect(tokens.length).toBeGreaterThan(0)
    const stored = await demo.page.evaluate(() =>
      [localStorage, sessionStorage].flatMap((storage) =>
        Object.keys(storage).flatMap((key) => [key, storage.getItem(key) ?? '']),
      ),
    )
    for (const token of tokens) {
      for (const entry of stored) expect(entry).not.toContain(token)
    }
    expect(await demo.page.evaluate(() => document.cookie)).not.toContain(tokens[0])
  })
})

describe('reloading', () => {
  it('keeps the session: the first call restores it through the refresh cookie', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()
    const device = await demo.page.locator('#who-device').textContent()
    const before = await demoEnv.server.stats()

    await demo.page.reload()
    await demo.settled()

    expect(await demo.state()).toBe('signed-in')
    expect(await demo.page.locator('#who-device').textContent()).toBe(device)
    expect(await demo.employeesShown()).toHaveLength(8)
    expect((await demoEnv.server.stats()).refreshes).toBe(before.refreshes + 1)
    expect(await demo.results('Page load: restore the session')).toEqual([
      'Session restored through the refresh cookie.',
    ])
  })
})

describe('signing out', () => {
  it('ends the session; a later request does not silently sign back in', async () => {
    const demo = await demoEnv.open()
    await demo.signIn()

    await demo.act('Sign out')
    expect(await demo.state()).toBe('signed-out')
    expect(await demo.refreshCookie()).toBeUndefined()
    const before = await demoEnv.server.stats()
    expect(before.logouts).toBe(1)

    const mark = demo.mark()
    const result = await demo.act('Load employees')
    expect(result).toMatch(/^Not signed in/)
    // One 401, no token sent, and no refresh tried (it would have been a second 401).
    expect(await demo.answered(mark, 1)).toEqual([
      { method: 'GET', path: '/api/employees', status: 401, authorization: undefined },
    ])
    expect((await demoEnv.server.stats()).unauthorized).toBe(before.unauthorized + 1)
    expect(await demo.state()).toBe('signed-out')

    await demo.page.reload()
    await demo.settled()
    expect(await demo.state()).toBe('signed-out')
    const stats = await demoEnv.server.stats()
    expect(stats.refreshes).toBe(before.refreshes)
    expect(stats.logins).toBe(before.logins)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Client, createClient } from './helpers/client'
import { type Clock, createClock } from './helpers/clock'
import { nodeTransport, type Transport } from './helpers/transports'

// Revoking a family rejects every access token it ever issued (findings 1 and 2 of issue #14:
// the old records tracked only the newest 100 token ids, and a second login forgot the first).
// Over the real Node server: the rules are the backend's, the same behind every mount.
describe('revocation over real HTTP', () => {
  let transport: Transport
  let clock: Clock
  let client: Client
  beforeEach(async () => {
    clock = createClock()
    transport = await nodeTransport({ now: clock.now, reuseGraceMs: 10_000 })
    client = createClient(transport)
  })
  afterEach(() => transport.close())

  /** Access tokens that still get 200 on the protected API. */
  async function stillAccepted(tokens: readonly string[]) {
    const answers = await Promise.all(tokens.map((token) => client.employees(token)))
    return tokens.filter((_, i) => answers[i]?.status === 200)
  }

  /** Logs in and rotates `times` times, one after another; every access token issued. */
  async function rotated(times: number) {
    const tokens = [(await client.login()).body.data.token]
    const loginCookie = `rt=${client.rt()}`
    for (let i = 0; i < times; i++) tokens.push((await client.refresh()).body.data.token)
    return { tokens, loginCookie }
  }

  it('rejects all 152 access tokens of a family after reuse, 150 of them from concurrent refreshes', async () => {
    const login = await client.login()
    const loginCookie = `rt=${client.rt()}`
    const burst = await Promise.all(
      Array.from({ length: 150 }, () => client.refresh({ headers: { Cookie: loginCookie } })),
    )
    expect(burst.map((answer) => answer.status)).toEqual(Array(150).fill(200))
    const next = await client.refresh()
    const tokens = [login, ...burst, next].map((answer) => answer.body.data.token)
    expect(new Set(tokens).size).toBe(152)
    expect(await stillAccepted(tokens)).toHaveLength(152)

    // The login cookie is two generations old now: reuse, even inside the grace window.
    expect((await client.refresh({ headers: { Cookie: loginCookie } })).status).toBe(401)
    expect((await transport.backend.stats()).reuseDetected).toBe(1)
    expect(await stillAccepted(tokens)).toEqual([])
  })

  it('rejects the login token after 100 rotations and a reuse', async () => {
    const { tokens, loginCookie } = await rotated(100)
    clock.advance(10_001)
    expect((await client.refresh({ headers: { Cookie: loginCookie } })).status).toBe(401)
    expect(await stillAccepted(tokens)).toEqual([])
  })

  it('rejects every token of the family after 100 rotations and a logout', async () => {
    const { tokens } = await rotated(100)
    expect((await client.logout(tokens.at(-1))).status).toBe(200)
    expect(await stillAccepted(tokens)).toEqual([])
  })

  it('rejects every token of a device revoked from another device', async () => {
    const { tokens } = await rotated(100)
    const phone = createClient(transport, { userAgent: 'phone/1.0' })
    const phoneToken = (await phone.login()).body.data.token
    const laptop = (await phone.sessions(phoneToken)).body.data.find((s) => !s.current)
    expect(laptop).toBeDefined()
    expect((await phone.revokeSession(phoneToken, laptop?.device ?? '')).status).toBe(200)
    expect(await stillAccepted(tokens)).toEqual([])
    expect(await stillAccepted([phoneToken])).toEqual([phoneToken])
  })

  it('expires every access token issued so far; the family lives on and issues new ones', async () => {
    const { tokens } = await rotated(100)
    const expired = await client.call('POST', '/__mock/expire-access', {
      json: { username: 'admin' },
    })
    expect(expired.body.data).toEqual({ expiredTokens: 101 })
    expect(await stillAccepted(tokens)).toEqual([])
    const fresh = (await client.refresh()).body.data.token
    expect(await stillAccepted([fresh])).toEqual([fresh])
  })

  it('revokes the first login of a device when it logs in again, and both after a logout', async () => {
    const first = (await client.login()).body.data.token
    const second = (await client.login()).body.data.token
    // One session per device: the second login ends the first, tokens included.
    expect(await stillAccepted([first, second])).toEqual([second])
    expect((await client.sessions(second)).body.data).toHaveLength(1)
    expect((await client.logout(second)).status).toBe(200)
    expect(await stillAccepted([first, second])).toEqual([])
  })

  it('keeps one deny-list entry per revoked family, however many tokens it issued', async () => {
    const { tokens } = await rotated(100)
    await client.logout(tokens.at(-1))
    expect(await transport.backend.store.keys('bl:')).toHaveLength(1)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from './helpers/client'
import type { Clock } from './helpers/clock'
import { createClock } from './helpers/clock'
import { parseSetCookie } from './helpers/cookie-jar'
import type { Transport } from './helpers/transports'
import { transports } from './helpers/transports'

const DAY = 24 * 60 * 60 * 1000

describe.each(transports)('rotation over %s', (_name, start) => {
  let transport: Transport
  let clock: Clock
  beforeEach(async () => {
    clock = createClock()
    transport = await start({ now: clock.now, reuseGraceMs: 10_000 })
  })
  afterEach(() => transport.close())

  /** Logs in and rotates once; returns the cookie headers of the three generations. */
  async function threeGenerations() {
    const client = createClient(transport)
    const cookieOf = () => `rt=${client.rt()}`
    await client.login()
    const rt0 = cookieOf()
    const rotated = await client.refresh()
    const rt1 = cookieOf()
    return { client, rt0, rt1, rotated }
  }

  it('answers the previous refresh token within the grace window with the current one, without rotating', async () => {
    const { client, rt0, rt1 } = await threeGenerations()
    clock.advance(9_000)
    const late = await client.refresh({ headers: { Cookie: rt0 } })
    expect(late.status).toBe(200)
    expect(`rt=${client.rt()}`).toBe(rt1)
    expect(await transport.backend.stats()).toMatchObject({
      rotations: 1,
      graceReuses: 1,
      refreshes: 2,
    })
    // The converged token is still the current one and rotates normally.
    expect((await client.refresh()).status).toBe(200)
    expect((await transport.backend.stats()).rotations).toBe(2)
  })

  it('treats the previous refresh token after the grace window as reuse and revokes the family', async () => {
    const { client, rt0, rt1, rotated } = await threeGenerations()
    clock.advance(10_001)
    const reuse = await client.refresh({ headers: { Cookie: rt0 } })
    expect(reuse.status).toBe(401)
    expect(reuse.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(parseSetCookie(reuse.setCookies[0] ?? '').attributes.get('max-age')).toBe('0')
    expect((await transport.backend.stats()).reuseDetected).toBe(1)
    // Every token of the family is dead now, the current one included ...
    expect((await client.refresh({ headers: { Cookie: rt1 } })).status).toBe(401)
    // ... and so is the family's latest access token.
    const api = await client.employees(rotated.body.data.token)
    expect(api.status).toBe(401)
    expect(api.headers.get('www-authenticate')).toContain(
      'error_description="The access token was revoked"',
    )
  })

  it('treats the grandparent as reuse even inside the grace window', async () => {
    const { client, rt0 } = await threeGenerations()
    await client.refresh() // rt1 -> rt2: rt0 is now the grandparent
    const reuse = await client.refresh({ headers: { Cookie: rt0 } })
    expect(reuse.status).toBe(401)
    expect((await transport.backend.stats()).reuseDetected).toBe(1)
    expect((await client.refresh()).status).toBe(401)
  })

  it('sets Max-Age to the remaining absolute lifetime; rotation never extends it', async () => {
    const client = createClient(transport)
    const login = await client.login()
    expect(parseSetCookie(login.setCookies[0] ?? '').attributes.get('max-age')).toBe(
      String((30 * DAY) / 1000),
    )
    clock.advance(DAY)
    const refreshed = await client.refresh()
    expect(parseSetCookie(refreshed.setCookies[0] ?? '').attributes.get('max-age')).toBe(
      String((29 * DAY) / 1000),
    )
    clock.advance(28 * DAY + 3_600_000)
    const last = await client.refresh()
    expect(parseSetCookie(last.setCookies[0] ?? '').attributes.get('max-age')).toBe(
      String((DAY - 3_600_000) / 1000),
    )
  })

  it('ends the family at its absolute expiry however often it rotated', async () => {
    const client = createClient(transport)
    await client.login()
    const cookie = () => `rt=${client.rt()}`
    for (let day = 0; day < 29; day++) {
      clock.advance(DAY)
      expect((await client.refresh()).status).toBe(200)
    }
    const current = cookie()
    clock.advance(DAY + 1_000)
    const expired = await client.refresh({ headers: { Cookie: current } })
    expect(expired.status).toBe(401)
    expect(parseSetCookie(expired.setCookies[0] ?? '').attributes.get('max-age')).toBe('0')
  })

  it('rejects an expired access token with error="invalid_token"', async () => {
    const client = createClient(transport)
    const { body } = await client.login()
    clock.advance(30 * 60 * 1000 + 2_001)
    const res = await client.employees(body.data.token)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
    )
    // ... while the refresh token still works.
    const refreshed = await client.refresh()
    expect((await client.employees(refreshed.body.data.token)).status).toBe(200)
  })

  it('lets a new login on the same device replace the family; the old tokens are revoked, not reuse', async () => {
    const client = createClient(transport)
    await client.login()
    const old = `rt=${client.rt()}`
    await client.login()
    const fresh = `rt=${client.rt()}`
    const res = await client.refresh({ headers: { Cookie: old } })
    expect(res.status).toBe(401)
    expect((await transport.backend.stats()).reuseDetected).toBe(0)
    expect((await client.refresh({ headers: { Cookie: fresh } })).status).toBe(200)
  })
})

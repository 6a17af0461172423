import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from './helpers/client'
import type { Clock } from './helpers/clock'
import { createClock } from './helpers/clock'
import type { Transport } from './helpers/transports'
import { nodeTransport, transports } from './helpers/transports'

describe.each(transports)('dev controls over %s', (_name, start) => {
  let transport: Transport
  let clock: Clock
  beforeEach(async () => {
    clock = createClock()
    transport = await start({ now: clock.now })
  })
  afterEach(() => transport.close())

  const post = (path: string, json?: unknown) =>
    createClient(transport).call('POST', path, { json })

  it('counts logins, refreshes, rotations, grace reuses, reuse, 401s, refused refreshes and logouts', async () => {
    const client = createClient(transport)
    const { body } = await client.login()
    const rt0 = `rt=${client.rt()}`
    await client.refresh()
    await client.refresh({ headers: { Cookie: rt0 } })
    await client.employees()
    await client.refresh({ headers: { Cookie: 'rt=garbage' } })
    await client.logout(body.data.token)
    const stats = await client.call('GET', '/__mock/stats')
    expect(stats.body).toEqual({
      code: 200,
      message: 'OK',
      data: {
        logins: 1,
        refreshes: 2,
        rotations: 1,
        graceReuses: 1,
        reuseDetected: 0,
        unauthorized: 2,
        refreshRefused: 1,
        logouts: 1,
      },
    })
  })

  it('reads and changes the runtime config; new TTLs apply to the next tokens', async () => {
    const client = createClient(transport)
    const initial = await client.call('GET', '/__mock/config')
    expect(initial.body.data).toEqual({
      accessTtlMs: 1_800_000,
      refreshTtlMs: 2_592_000_000,
      reuseGraceMs: 10_000,
      latencyMs: 0,
      failRefresh: null,
      dropRefresh: 0,
    })
    const changed = await post('/__mock/config', {
      accessTtlMs: 5_000,
      reuseGraceMs: 0,
      latencyMs: 1,
    })
    expect(changed.body.data).toMatchObject({ accessTtlMs: 5_000, reuseGraceMs: 0, latencyMs: 1 })
    expect((await client.login()).body.data.expiresIn).toBe(5_000)
  })

  it('rejects a bad config with a 400 naming the field, and leaves the config alone', async () => {
    const bad = await post('/__mock/config', { accessTtlMs: -1 })
    expect(bad.body).toMatchObject({ code: 400, message: expect.stringContaining('accessTtlMs') })
    expect((await post('/__mock/config', { nope: 1 })).body.message).toContain('nope')
    expect((await post('/__mock/config', { failRefresh: { status: 200, times: 1 } })).status).toBe(
      400,
    )
    expect((await transport.backend.config()).accessTtlMs).toBe(1_800_000)
  })

  it('injects refresh failures for the next N refreshes without touching the session', async () => {
    const client = createClient(transport)
    await client.login()
    await post('/__mock/config', { failRefresh: { status: 503, times: 2 } })
    expect((await client.refresh()).body).toMatchObject({ code: 503, data: null })
    expect((await client.refresh()).status).toBe(503)
    expect((await client.refresh()).status).toBe(200)
    expect((await transport.backend.config()).failRefresh).toBeNull()
  })

  it('an injected 401 behaves like a real rejection: challenge and cleared cookie', async () => {
    const client = createClient(transport)
    await client.login()
    await post('/__mock/config', { failRefresh: { status: 401, times: 1 } })
    const res = await client.refresh()
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(client.rt()).toBeUndefined()
  })

  it('resets store, counters and config overrides', async () => {
    const client = createClient(transport)
    await client.login()
    await post('/__mock/config', { accessTtlMs: 1_000 })
    expect((await post('/__mock/reset')).status).toBe(200)
    expect((await transport.backend.stats()).logins).toBe(0)
    expect((await transport.backend.config()).accessTtlMs).toBe(1_800_000)
    expect((await client.refresh()).status).toBe(401)
  })

  it('replay-stolen: 409 before any rotation, then the previous token trips reuse detection', async () => {
    const client = createClient(transport)
    await client.login()
    expect((await post('/__mock/replay-stolen', { username: 'admin' })).status).toBe(409)
    const rotated = await client.refresh()
    const res = await post('/__mock/replay-stolen', { username: 'admin' })
    expect(res.body).toEqual({
      code: 200,
      message: expect.any(String),
      data: { revokedFamilies: 1 },
    })
    expect((await transport.backend.stats()).reuseDetected).toBe(1)
    // The legitimate holder is signed out: the current token and latest access token are dead.
    expect((await client.refresh()).status).toBe(401)
    expect((await client.employees(rotated.body.data.token)).status).toBe(401)
  })

  it('replay-stolen works inside the grace window too, and answers 404 for an unknown user', async () => {
    const client = createClient(transport)
    await client.login()
    await client.refresh()
    const res = await post('/__mock/replay-stolen', { username: 'admin' })
    expect(res.body.data).toEqual({ revokedFamilies: 1 })
    expect((await post('/__mock/replay-stolen', { username: 'nobody' })).status).toBe(404)
    expect((await post('/__mock/replay-stolen', {})).status).toBe(400)
  })

  it('expire-access deny-lists the user’s access tokens; the refresh token still works', async () => {
    const client = createClient(transport)
    const { body } = await client.login()
    const res = await post('/__mock/expire-access', { username: 'admin' })
    expect(res.body.data).toEqual({ expiredTokens: 1 })
    const api = await client.employees(body.data.token)
    expect(api.status).toBe(401)
    expect(api.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const refreshed = await client.refresh()
    expect((await client.employees(refreshed.body.data.token)).status).toBe(200)
  })

  it('reset() on the backend object does what POST /__mock/reset does', async () => {
    await createClient(transport).login()
    await transport.backend.reset()
    expect((await transport.backend.stats()).logins).toBe(0)
    expect(await transport.backend.store.keys('auth:')).toEqual([])
  })
})

describe('dev controls off', () => {
  it('answers /__mock/* with 404 when devControls is false', async () => {
    const transport = await nodeTransport({ devControls: false })
    try {
      const client = createClient(transport)
      expect((await client.call('GET', '/__mock/stats')).body).toMatchObject({ code: 404 })
      expect((await client.call('POST', '/__mock/reset')).status).toBe(404)
      expect((await client.login()).status).toBe(200)
    } finally {
      await transport.close()
    }
  })
})

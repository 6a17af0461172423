import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clientIp, deviceId } from '../../mock-server/protocol/device'
import { createClient } from './helpers/client'
import type { Transport } from './helpers/transports'
import { nodeTransport, transports } from './helpers/transports'

describe('client IP and device id', () => {
  const headers = new Headers({
    'X-Forwarded-For': ' 203.0.113.7 , 10.0.0.1',
    'X-Real-IP': '198.51.100.2',
  })

  it('reads proxy headers only with trustProxy: first X-Forwarded-For entry, else X-Real-IP', () => {
    expect(clientIp(headers, '127.0.0.1', true)).toBe('203.0.113.7')
    expect(clientIp(new Headers({ 'X-Real-IP': '198.51.100.2' }), '127.0.0.1', true)).toBe(
      '198.51.100.2',
    )
    expect(clientIp(new Headers(), '127.0.0.1', true)).toBe('127.0.0.1')
    expect(clientIp(headers, '127.0.0.1', false)).toBe('127.0.0.1')
    expect(clientIp(headers, undefined, false)).toBe('unknown')
  })

  it('hashes User-Agent and IP into a stable 16-hex-digit id', async () => {
    const id = await deviceId('UA', '1.2.3.4')
    expect(id).toMatch(/^[0-9a-f]{16}$/)
    expect(await deviceId('UA', '1.2.3.4')).toBe(id)
    expect(await deviceId('UA', '1.2.3.5')).not.toBe(id)
    expect(await deviceId('UA2', '1.2.3.4')).not.toBe(id)
  })
})

describe('devices over the real server', () => {
  let transport: Transport
  afterEach(() => transport.close())

  it('keeps the session when the socket address changes between login and refresh', async () => {
    // 127.0.0.1 and 127.0.0.2 are both loopback sources on Linux: a real change of socket address.
    transport = await nodeTransport()
    const client = createClient(transport)
    const login = await client.login('admin', '123456', { localAddress: '127.0.0.1' })
    const refreshed = await client.refresh({ localAddress: '127.0.0.2' })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.data.device).toBe(login.body.data.device)
    // A fresh login from the new address is a different device.
    const other = await createClient(transport).login('admin', '123456', {
      localAddress: '127.0.0.2',
    })
    expect(other.body.data.device).not.toBe(login.body.data.device)
  })

  it('ignores X-Forwarded-For unless trustProxy is on', async () => {
    transport = await nodeTransport()
    const client = createClient(transport)
    const a = await client.login('admin', '123456', {
      headers: { 'X-Forwarded-For': '203.0.113.1' },
    })
    const b = await client.login('admin', '123456', {
      headers: { 'X-Forwarded-For': '203.0.113.2' },
    })
    expect(a.body.data.device).toBe(b.body.data.device)
  })

  it('with trustProxy, a proxy-reported IP change does not sign the user out', async () => {
    transport = await nodeTransport({ trustProxy: true })
    const client = createClient(transport)
    const a = await client.login('admin', '123456', {
      headers: { 'X-Forwarded-For': '203.0.113.1' },
    })
    const b = await createClient(transport).login('admin', '123456', {
      headers: { 'X-Real-IP': '203.0.113.2' },
    })
    expect(a.body.data.device).not.toBe(b.body.data.device)
    expect((await client.refresh({ headers: { 'X-Forwarded-For': '198.51.100.9' } })).status).toBe(
      200,
    )
  })
})

describe.each(transports)('device sessions over %s', (_name, start) => {
  let transport: Transport
  beforeEach(async () => {
    transport = await start()
  })
  afterEach(() => transport.close())

  it('keeps two devices of one user in two independent records; revoking one leaves the other', async () => {
    const laptop = createClient(transport, { userAgent: 'Laptop/1.0' })
    const phone = createClient(transport, { userAgent: 'Phone/2.0' })
    const onLaptop = await laptop.login()
    const onPhone = await phone.login()
    expect(onLaptop.body.data.device).not.toBe(onPhone.body.data.device)

    const list = await laptop.sessions(onLaptop.body.data.token)
    expect(list.status).toBe(200)
    expect(list.body.data).toHaveLength(2)
    expect(list.body.data).toContainEqual({
      device: onLaptop.body.data.device,
      current: true,
      userAgent: 'Laptop/1.0',
      createdAt: expect.any(String),
      rotatedAt: null,
      expiresAt: expect.any(String),
    })
    expect(list.body.data.find((s) => s.device === onPhone.body.data.device)?.current).toBe(false)

    // Rotating on one device does not touch the other.
    expect((await phone.refresh()).status).toBe(200)
    const revoked = await laptop.revokeSession(onLaptop.body.data.token, onPhone.body.data.device)
    expect(revoked.body).toMatchObject({ code: 200, data: { device: onPhone.body.data.device } })
    expect((await phone.refresh()).status).toBe(401)
    expect((await laptop.refresh()).status).toBe(200)
    // The revoked device's access token stops working too.
    expect((await phone.employees(onPhone.body.data.token)).status).toBe(401)
  })

  it('revoking the current device clears its cookie', async () => {
    const client = createClient(transport)
    const { body } = await client.login()
    const res = await client.revokeSession(body.data.token, body.data.device)
    expect(res.status).toBe(200)
    expect(client.rt()).toBeUndefined()
  })

  it('answers revoking an unknown device with 404 and without the CSRF header with 403', async () => {
    const client = createClient(transport)
    const { body } = await client.login()
    expect((await client.revokeSession(body.data.token, '0123456789abcdef')).status).toBe(404)
    expect((await client.revokeSession(body.data.token, 'not-a-device')).status).toBe(404)
    const noHeader = await client.call('DELETE', `/api/auth/sessions/${body.data.device}`, {
      token: body.data.token,
    })
    expect(noHeader.status).toBe(403)
  })

  it('lists only the caller’s own sessions', async () => {
    await createClient(transport).login('alice', 'wonderland')
    const admin = createClient(transport)
    const { body } = await admin.login()
    const list = await admin.sessions(body.data.token)
    expect(list.body.data.map((s) => s.device)).toEqual([body.data.device])
  })
})

describe.each(transports)(
  'a device the backend plays (/__mock/devices) over %s',
  (_name, start) => {
    let transport: Transport
    beforeEach(async () => {
      transport = await start()
    })
    afterEach(() => transport.close())

    it('signs in as another device, shows in the session list, refreshes, and is refused once revoked', async () => {
      const client = createClient(transport)
      const { token } = (await client.login()).body.data
      const played = await client.call<{ device: string; userAgent: string }>(
        'POST',
        '/__mock/devices',
        {
          json: {
            username: 'admin',
            password: '123456',
            userAgent: 'Firefox on Android (simulated)',
          },
        },
      )
      expect(played.status).toBe(200)
      const { device } = played.body.data
      const sessions = (await client.sessions(token)).body.data
      expect(sessions.map((session) => session.device).sort()).toEqual(
        [device, sessions.find((session) => session.current)?.device].sort(),
      )
      const refresh = () =>
        client.call<{ status: number; message: string }>(
          'POST',
          `/__mock/devices/${device}/refresh`,
        )
      expect((await refresh()).body.data).toMatchObject({ status: 200 })
      expect((await refresh()).body.data).toMatchObject({ status: 200 }) // it keeps its rotated cookie

      expect((await client.revokeSession(token, device)).status).toBe(200)
      expect((await refresh()).body.data).toEqual({
        status: 401,
        message: 'The refresh token was revoked',
      })
      expect((await client.call('POST', '/__mock/devices/nope/refresh')).status).toBe(404)
    })
  },
)

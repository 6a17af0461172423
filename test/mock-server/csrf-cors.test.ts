import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMockBackend } from '../../mock-server/public'
import { createClient } from './helpers/client'
import type { Transport } from './helpers/transports'
import { transports } from './helpers/transports'

const APP = 'http://localhost:5173'

describe.each(transports)('CSRF and CORS over %s', (_name, start) => {
  let transport: Transport
  beforeEach(async () => {
    transport = await start({ allowedOrigins: [APP] })
  })
  afterEach(() => transport.close())

  async function signedIn() {
    const client = createClient(transport)
    await client.login()
    return client
  }

  it('refuses cookie-authenticated POSTs without X-Requested-With, and does not rotate or clear', async () => {
    const client = await signedIn()
    const before = client.rt()
    for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
      const res = await client.call('POST', path)
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({
        code: 403,
        data: null,
        message: expect.stringContaining('X-Requested-With'),
      })
      expect(res.setCookies).toEqual([])
    }
    expect(client.rt()).toBe(before)
    expect((await client.refresh()).status).toBe(200)
  })

  it('refuses Sec-Fetch-Site: cross-site, even with the header and an allowed Origin', async () => {
    const client = await signedIn()
    const res = await client.refresh({ headers: { 'Sec-Fetch-Site': 'cross-site', Origin: APP } })
    expect(res.status).toBe(403)
    expect(
      (await client.refresh({ headers: { 'Sec-Fetch-Site': 'same-site', Origin: APP } })).status,
    ).toBe(200)
  })

  it('refuses an Origin outside allowedOrigins on refresh, logout and login', async () => {
    const client = await signedIn()
    const evil = { Origin: 'https://evil.example' }
    expect((await client.refresh({ headers: evil })).status).toBe(403)
    expect(
      (
        await client.call('POST', '/api/auth/logout', {
          headers: { ...evil, 'X-Requested-With': 'x' },
        })
      ).status,
    ).toBe(403)
    expect((await client.login('admin', '123456', { headers: evil })).status).toBe(403)
    expect((await client.refresh({ headers: { Origin: 'null' } })).status).toBe(403)
  })

  it('accepts the backend’s own origin and the listed ones', async () => {
    const client = await signedIn()
    expect((await client.refresh({ headers: { Origin: APP } })).status).toBe(200)
    expect((await client.refresh({ headers: { Origin: transport.baseUrl } })).status).toBe(200)
  })

  it('answers a preflight from an allowed origin naming that origin, with credentials', async () => {
    const res = await createClient(transport).call('OPTIONS', '/api/auth/refresh', {
      headers: {
        Origin: APP,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-requested-with',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-headers')).toContain('X-Requested-With')
  })

  it('gives a foreign origin no Access-Control-Allow-Origin at all', async () => {
    const res = await createClient(transport).call('OPTIONS', '/api/auth/refresh', {
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('exposes WWW-Authenticate and X-Mock-Refresh-Cookie to the allowed origin', async () => {
    const res = await createClient(transport).call('GET', '/api/employees', {
      headers: { Origin: APP },
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-expose-headers')).toBe(
      'WWW-Authenticate,X-Mock-Refresh-Cookie',
    )
  })
})

describe('CORS never answers * with credentials', () => {
  it('holds for any Origin, method and path', async () => {
    const backend = createMockBackend({ allowedOrigins: [APP] })
    const origin = fc.oneof(
      fc.constantFrom(APP, 'http://localhost', 'https://evil.example', '*', 'null', ''),
      fc.webUrl().map((url) => new URL(url).origin),
    )
    await fc.assert(
      fc.asyncProperty(
        origin,
        fc.constantFrom('GET', 'POST', 'OPTIONS', 'DELETE'),
        fc.constantFrom('/api/employees', '/api/auth/refresh', '/__mock/stats'),
        async (from, method, path) => {
          const headers = new Headers({ 'Access-Control-Request-Method': 'POST' })
          if (from) headers.set('Origin', from)
          const res = await backend.fetch(
            new Request(`http://localhost${path}`, { method, headers }),
          )
          const allowed = res.headers.get('access-control-allow-origin')
          expect(allowed).not.toBe('*')
          if (allowed !== null) expect([APP, 'http://localhost']).toContain(allowed)
        },
      ),
      { numRuns: 200 },
    )
  })
})

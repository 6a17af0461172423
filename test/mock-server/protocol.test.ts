import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from './helpers/client'
import { createClock } from './helpers/clock'
import { parseSetCookie } from './helpers/cookie-jar'
import type { Transport } from './helpers/transports'
import { transports } from './helpers/transports'

describe.each(transports)('protocol over %s', (_name, start) => {
  let transport: Transport
  beforeEach(async () => {
    transport = await start({ now: createClock().now })
  })
  afterEach(() => transport.close())

  it('logs in: envelope, token data, no-store, and an HttpOnly refresh cookie for /api/auth', async () => {
    const client = createClient(transport)
    const res = await client.login()
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ code: 200, message: expect.any(String) })
    expect(res.body.data).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresIn: 30 * 60 * 1000,
      username: 'admin',
      device: expect.stringMatching(/^[0-9a-f]{16}$/),
    })
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.setCookies).toHaveLength(1)
    const cookie = parseSetCookie(res.setCookies[0] ?? '')
    expect(cookie.name).toBe('rt')
    expect(Object.fromEntries(cookie.attributes)).toEqual({
      'max-age': String(30 * 24 * 60 * 60),
      path: '/api/auth',
      httponly: '',
      secure: '',
      samesite: 'Strict',
    })
  })

  it('answers bad credentials with 401 and a challenge without an error code', async () => {
    const res = await createClient(transport).login('admin', 'wrong')
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ code: 401, message: 'Invalid username or password', data: null })
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"')
    expect(res.setCookies).toEqual([])
  })

  it('answers malformed and wrongly typed login bodies with 400/415 envelopes', async () => {
    const client = createClient(transport)
    const json = { 'Content-Type': 'application/json' }
    const bad = await client.call('POST', '/api/auth/login', {
      body: '{"username":',
      headers: json,
    })
    expect(bad.body).toMatchObject({ code: 400, data: null })
    const missing = await client.call('POST', '/api/auth/login', { json: { username: 'admin' } })
    expect(missing.body).toMatchObject({ code: 400, message: expect.stringContaining('password') })
    const array = await client.call('POST', '/api/auth/login', { json: ['admin', '123456'] })
    expect(array.status).toBe(400)
    const form = await client.call('POST', '/api/auth/login', {
      body: 'username=admin&password=123456',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(form.body).toMatchObject({ code: 415, data: null })
  })

  it('refuses an oversized body with 413 before parsing it', async () => {
    const huge = JSON.stringify({ username: 'admin', password: 'x'.repeat(100_000) })
    const res = await createClient(transport).call('POST', '/api/auth/login', {
      body: huge,
      headers: { 'Content-Type': 'application/json' },
    })
    expect(res.body).toMatchObject({ code: 413, data: null })
  })

  it('serves employees with a Bearer token and challenges without one', async () => {
    const client = createClient(transport)
    const { body } = await client.login()
    const list = await client.employees(body.data.token)
    expect(list.status).toBe(200)
    expect(list.body.data).toHaveLength(8)
    expect(list.body.data[0]).toEqual({
      id: 1,
      name: expect.any(String),
      title: expect.any(String),
      email: expect.any(String),
    })
    const anonymous = await client.employees()
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"')
    const garbage = await client.employees('not-a-jwt')
    expect(garbage.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="api", error="invalid_token", error_description="/,
    )
  })

  it('says on every /api/auth answer whether the refresh cookie came along', async () => {
    const client = createClient(transport)
    const login = await client.login()
    expect(login.headers.get('x-mock-refresh-cookie')).toBe('absent')
    const refresh = await client.refresh()
    expect(refresh.headers.get('x-mock-refresh-cookie')).toBe('present')
    // The cookie is scoped to /api/auth: the browser does not send it to the API.
    expect(client.jar.header(`${transport.baseUrl}/api/employees`)).toBeUndefined()
  })

  it('rotates on refresh: new access token, new refresh cookie, the old refresh token retired', async () => {
    const client = createClient(transport)
    await client.login()
    const first = client.rt()
    const res = await client.refresh()
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.body.data).toMatchObject({ username: 'admin', expiresIn: 30 * 60 * 1000 })
    expect(client.rt()).toBeDefined()
    expect(client.rt()).not.toBe(first)
    expect(await transport.backend.stats()).toMatchObject({ logins: 1, refreshes: 1, rotations: 1 })
  })

  it('answers a refresh without cookie with 401, no error code, and a clearing cookie', async () => {
    const res = await createClient(transport).refresh()
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"')
    const cleared = parseSetCookie(res.setCookies[0] ?? '')
    expect(cleared).toMatchObject({ name: 'rt', value: '' })
    expect(cleared.attributes.get('max-age')).toBe('0')
    expect(cleared.attributes.get('path')).toBe('/api/auth')
  })

  it('logs out: access token deny-listed, record deleted, cookie cleared', async () => {
    const client = createClient(transport)
    const { body } = await client.login()
    const stolenCookie = client.jar.header(`${transport.baseUrl}/api/auth/refresh`) ?? ''
    const res = await client.logout(body.data.token)
    expect(res.body).toMatchObject({ code: 200, data: null })
    expect(parseSetCookie(res.setCookies[0] ?? '').attributes.get('max-age')).toBe('0')
    expect(client.rt()).toBeUndefined()
    const after = await client.employees(body.data.token)
    expect(after.status).toBe(401)
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const replay = await client.refresh({ headers: { Cookie: stolenCookie } })
    expect(replay.status).toBe(401)
    expect((await transport.backend.stats()).logouts).toBe(1)
  })

  it('answers unknown routes and methods with a 404 envelope', async () => {
    const client = createClient(transport)
    expect((await client.call('GET', '/api/nope')).body).toEqual({
      code: 404,
      message: 'Not found',
      data: null,
    })
    expect((await client.call('GET', '/api/auth/login')).status).toBe(404)
  })
})

import axios from 'axios'
import { HttpResponse, http } from 'msw'
import { createSilentRefresh, parseTokenResponse } from 'silent-refresh'
import { describe, expect, it } from 'vitest'
import { flavours } from './helpers/flavours'
import { useSdk } from './helpers/setup'
import { rejectionOf, until } from './helpers/time'

describe('options', () => {
  const t = useSdk()

  it.each([
    [{ refreshUrl: 42 }, '`refreshUrl` must be a string'],
    [{ refreshAheadMs: -1 }, '`refreshAheadMs` must be a number'],
    [{ refreshTimeoutMs: Number.NaN }, '`refreshTimeoutMs` must be a number'],
    [{ retry: 3 }, '`retry` must be a object'],
    [{ retry: { attempts: 'many' } }, '`attempts` must be a number'],
    [{ statusCodes: 401 }, '`statusCodes` must be a object'],
    [{ shouldRefresh: true }, '`shouldRefresh` must be a function'],
    [{ csrfHeader: 'yes' }, '`csrfHeader` must be a object'],
    [{ crossTab: 'on' }, '`crossTab` must be a boolean'],
    // A misspelt option is named as unknown, not as "a undefined".
    [{ refreshURL: '/typo' }, '`refreshURL` is unknown'],
    [{ retry: { tries: 2 } }, '`tries` is unknown'],
  ])('%o throws a TypeError: %s', (options, message) => {
    const create = () => createSilentRefresh(axios.create(), options as never)
    expect(create).toThrow(TypeError)
    expect(create).toThrow(message)
  })

  it('setSession() rejects bad input with a TypeError that names the field', () => {
    const { auth } = t.client()
    expect(() => auth.setSession({ accessToken: '' })).toThrow(TypeError)
    expect(() => auth.setSession({ accessToken: 'a', expiresIn: -5 })).toThrow(/`expiresIn`/)
    expect(() => auth.setSession({ accessToken: 'a', refreshTokn: 'x' } as never)).toThrow(
      '`refreshTokn` is unknown',
    )
  })

  it('statusCodes widens what counts as "token rejected"', async () => {
    t.server.use(
      http.get(`${t.backend.baseUrl}/api/data/teapot`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer at-1'
          ? HttpResponse.json({ code: 200 })
          : HttpResponse.json({ code: 419 }, { status: 419 }),
      ),
    )
    const { request, auth } = t.client({ statusCodes: [401, 419] })
    auth.setSession({ accessToken: 'stale' })

    expect((await until(request('/api/data/teapot'))).status).toBe(200)
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('shouldRefresh decides instead of the status list', async () => {
    const { request, auth } = t.client({ shouldRefresh: () => false })
    auth.setSession({ accessToken: 'stale' })

    expect((await until(request('/api/data/x'))).status).toBe(401)
    expect(t.backend.state.refreshes).toBe(0)
  })

  it('csrfHeader is sent on the default refresh, and can be replaced', async () => {
    const { request, auth } = t.client({ csrfHeader: { 'X-CSRF': '1' } })
    auth.setSession({ accessToken: 'stale' })

    await until(request('/api/data/x'))

    expect(t.backend.state.refreshHeaders[0]?.get('x-csrf')).toBe('1')
    expect(t.backend.state.refreshHeaders[0]?.get('x-requested-with')).toBeNull()
  })
})

describe.each(flavours)('token responses ($name)', (flavour) => {
  const t = useSdk({}, flavour)

  it.each([
    [
      'the backend envelope (ms)',
      { code: 200, data: { token: 'env', expiresIn: 5000 } },
      'env',
      5000,
    ],
    ['accessToken + expiresIn (ms)', { accessToken: 'plain', expiresIn: 7000 }, 'plain', 7000],
    [
      'OAuth access_token + expires_in (s)',
      { access_token: 'oauth', expires_in: 9 },
      'oauth',
      9000,
    ],
  ])('reads %s', async (_, body, token, lifetimeMs) => {
    t.server.use(http.post(`${t.backend.baseUrl}/api/auth/refresh`, () => HttpResponse.json(body)))
    const { auth } = t.client({ refreshAheadMs: 1000 })
    let expiresAt: number | null = null
    auth.on('refreshed', (event) => {
      expiresAt = event.expiresAt
    })

    const before = Date.now()
    expect(await until(auth.refresh())).toBe(token)

    expect(expiresAt).toBeGreaterThanOrEqual(before + lifetimeMs)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + lifetimeMs)
  })

  it('an unreadable token response is a RefreshError, not a crash', async () => {
    t.server.use(
      http.post(`${t.backend.baseUrl}/api/auth/refresh`, () => HttpResponse.json({ nope: 1 })),
    )
    const { auth } = t.client()

    expect(await rejectionOf(auth.refresh())).toMatchObject({
      code: 'ERR_REFRESH_FAILED',
      cause: expect.any(TypeError),
    })
  })
})

describe('parseTokenResponse', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln'

  it('takes a bare `token` only when it is a JWT: a session id never travels as a Bearer token', () => {
    // better-auth answers a sign-in with { token: <session id>, user }; its token endpoint with { token: <JWT> }.
    expect(
      parseTokenResponse({ token: 'Hx4mS3ss10nId', user: { id: 'u' } }).accessToken,
    ).toBeUndefined()
    expect(parseTokenResponse({ token: jwt }).accessToken).toBe(jwt)
    // Inside this protocol's envelope, `data.token` is the access token, whatever its shape.
    expect(parseTokenResponse({ code: 200, data: { token: 'at-1', expiresIn: 5 } })).toMatchObject({
      accessToken: 'at-1',
      expiresIn: 5,
    })
  })

  it('keeps a refresh token the server returns in the body', () => {
    expect(parseTokenResponse({ access_token: 'a', expires_in: 60, refresh_token: 'r2' })).toEqual({
      accessToken: 'a',
      expiresIn: 60_000,
      refreshToken: 'r2',
    })
  })
})

import axios from 'axios'
import { HttpResponse, http } from 'msw'
import { createSilentRefresh } from 'silent-refresh'
import { describe, expect, it } from 'vitest'
import { BASE_URL } from './helpers/backend'
import { useBackend } from './helpers/setup'

const { backend, client } = useBackend()

describe('options', () => {
  it.each([
    [{ refreshUrl: 42 }, 'refreshUrl'],
    [{ refreshAheadMs: -1 }, 'refreshAheadMs'],
    [{ refreshTimeoutMs: Number.NaN }, 'refreshTimeoutMs'],
    [{ retry: 3 }, 'retry'],
    [{ retry: { attempts: 'many' } }, 'attempts'],
    [{ statusCodes: 401 }, 'statusCodes'],
    [{ shouldRefresh: true }, 'shouldRefresh'],
    [{ csrfHeader: 'yes' }, 'csrfHeader'],
    [{ crossTab: 'on' }, 'crossTab'],
    [{ refreshUrll: '/typo' }, 'refreshUrll'],
  ])('%o throws a TypeError naming `%s`', (options, name) => {
    const create = () => createSilentRefresh(axios.create(), options as never)
    expect(create).toThrow(TypeError)
    expect(create).toThrow(`\`${name}\``)
  })

  it('setSession() rejects bad input with a TypeError', () => {
    const { auth } = client()
    expect(() => auth.setSession({ accessToken: '' })).toThrow(TypeError)
    expect(() => auth.setSession({ accessToken: 'a', expiresIn: -5 })).toThrow(/expiresIn/)
  })

  it('statusCodes widens what counts as "token rejected"', async () => {
    backend.server.use(
      http.get(`${BASE_URL}/api/data/teapot`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer at-1'
          ? HttpResponse.json({ code: 200 })
          : HttpResponse.json({ code: 419 }, { status: 419 }),
      ),
    )
    const { api, auth } = client({ statusCodes: [401, 419] })
    auth.setSession({ accessToken: 'stale' })

    expect((await api.get('/api/data/teapot')).status).toBe(200)
    expect(backend.state.refreshes).toBe(1)
  })

  it('shouldRefresh decides instead of the status list', async () => {
    const { api, auth } = client({ shouldRefresh: () => false })
    auth.setSession({ accessToken: 'stale' })

    await expect(api.get('/api/data/x')).rejects.toMatchObject({ response: { status: 401 } })
    expect(backend.state.refreshes).toBe(0)
  })

  it('csrfHeader is sent on refresh, and can be replaced', async () => {
    const { api, auth } = client({ csrfHeader: { 'X-CSRF': '1' } })
    auth.setSession({ accessToken: 'stale' })

    await api.get('/api/data/x')

    expect(backend.state.refreshHeaders[0]?.get('x-csrf')).toBe('1')
    expect(backend.state.refreshHeaders[0]?.get('x-requested-with')).toBeNull()
  })
})

describe('token responses', () => {
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
    backend.server.use(http.post(`${BASE_URL}/api/auth/refresh`, () => HttpResponse.json(body)))
    const { auth } = client({ refreshAheadMs: 1000 })
    let expiresAt: number | null = null
    auth.on('refreshed', (event) => {
      expiresAt = event.expiresAt
    })

    const before = Date.now()
    await expect(auth.refresh()).resolves.toBe(token)

    expect(expiresAt).toBeGreaterThanOrEqual(before + lifetimeMs)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + lifetimeMs)
  })

  it('an unreadable token response is a RefreshError, not a crash', async () => {
    backend.server.use(
      http.post(`${BASE_URL}/api/auth/refresh`, () => HttpResponse.json({ nope: 1 })),
    )
    const { auth } = client()

    await expect(auth.refresh()).rejects.toMatchObject({
      code: 'ERR_REFRESH_FAILED',
      cause: expect.any(TypeError),
    })
  })

  it('refreshRequest + parseTokenResponse support an OAuth token endpoint', async () => {
    const forms: string[] = []
    backend.server.use(
      http.post(`${BASE_URL}/oauth/token`, async ({ request }) => {
        forms.push(await request.text())
        return HttpResponse.json({ result: { jwt: 'custom-token' } })
      }),
    )
    const { auth } = client({
      refreshRequest: ({ client, signal }) =>
        client
          .post('/oauth/token', new URLSearchParams({ grant_type: 'refresh_token' }), { signal })
          .then((response) => response.data),
      parseTokenResponse: (body) => ({
        accessToken: (body as { result: { jwt: string } }).result.jwt,
      }),
    })

    await expect(auth.refresh()).resolves.toBe('custom-token')
    expect(forms).toEqual(['grant_type=refresh_token'])
  })
})

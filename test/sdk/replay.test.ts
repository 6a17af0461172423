import axios, { AxiosError, AxiosHeaders } from 'axios'
import { HttpResponse, http } from 'msw'
import { SessionExpiredError } from 'silent-refresh'
import { describe, expect, it } from 'vitest'
import { useSdk } from './helpers/setup'
import { rejectionOf, until } from './helpers/time'

// What is particular to axios: interceptors, the bare client, attach(), the config flags.
describe('axios: attaching and replaying', () => {
  const t = useSdk()

  it('attaches the header at send time, so a replay carries the current token; app interceptors see one outcome', async () => {
    const { api, auth } = t.client()
    auth.setSession({ accessToken: 'stale' })
    const headersSeenByApp: unknown[] = []
    api.interceptors.response.use((response) => {
      headersSeenByApp.push(AxiosHeaders.from(response.config.headers).get('Authorization'))
      return response
    })

    const response = await until(
      api.get('/api/data/x', { headers: { Authorization: 'Bearer baked-in' } }),
    )

    expect(response.data.sent).toBe('Bearer at-1')
    expect(headersSeenByApp).toEqual(['Bearer at-1'])
  })

  it('rejects a replay that gets 401 again with that 401, and never refreshes twice', async () => {
    t.server.use(
      http.get(`${t.backend.baseUrl}/api/data/forbidden-forever`, () =>
        HttpResponse.json({ code: 401 }, { status: 401 }),
      ),
    )
    const { api, auth } = t.client()
    auth.setSession({ accessToken: 'stale' })

    const error = await rejectionOf<AxiosError>(api.get('/api/data/forbidden-forever'))

    expect(error).toBeInstanceOf(AxiosError)
    expect(error.response?.status).toBe(401)
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('makes the refresh call on a bare client: the app interceptors never see it, a 401 on it cannot deadlock', async () => {
    t.backend.state.faults.push(401)
    const { api, auth } = t.client()
    const urlsSeenByApp: string[] = []
    api.interceptors.request.use((config) => {
      urlsSeenByApp.push(config.url ?? '')
      return config
    })
    auth.setSession({ accessToken: 'stale' })

    expect(await rejectionOf(api.get('/api/data/x'))).toBeInstanceOf(SessionExpiredError)
    expect(urlsSeenByApp).toEqual(['/api/data/x'])
  })

  it('skipAuth sends no token and never refreshes; skipAuthRefresh keeps the token but not the refresh', async () => {
    const { api, auth } = t.client()
    auth.setSession({ accessToken: 'stale' })

    const noAuth = await rejectionOf<AxiosError>(api.get('/api/data/x', { skipAuth: true }))
    const noRefresh = await rejectionOf<AxiosError>(
      api.get('/api/data/x', { skipAuthRefresh: true }),
    )

    expect(noAuth.response?.data).toMatchObject({ code: 401, sent: null })
    expect(noRefresh.response?.data).toMatchObject({ code: 401, sent: 'Bearer stale' })
    expect(t.backend.state.refreshes).toBe(0)
  })

  it('sends API-key style headers when the scheme is empty', async () => {
    const seen: Array<string | null> = []
    t.server.use(
      http.get(`${t.backend.baseUrl}/api/data/key`, ({ request }) => {
        seen.push(request.headers.get('x-api-key'))
        return HttpResponse.json({ code: 200 })
      }),
    )
    const { api, auth } = t.client({ header: 'X-API-Key', scheme: '' })
    auth.setSession({ accessToken: 'key-123' })

    await until(api.get('/api/data/key'))

    expect(seen).toEqual(['key-123'])
  })

  it('attach() lets a second instance share the session and its single refresh', async () => {
    const { api, auth } = t.client()
    const other = axios.create({ baseURL: t.backend.baseUrl })
    const detach = auth.attach(other)
    auth.setSession({ accessToken: 'stale' })

    const responses = await until(Promise.all([api.get('/api/data/a'), other.get('/api/data/b')]))

    expect(responses.map((r) => r.data.sent)).toEqual(['Bearer at-1', 'Bearer at-1'])
    expect(t.backend.state.refreshes).toBe(1)

    detach()
    expect((await rejectionOf<AxiosError>(other.get('/api/data/c'))).response?.status).toBe(401)
  })

  it('does not refresh for 401s of its own auth endpoints called through the app instance', async () => {
    const { api } = t.client()

    const error = await rejectionOf<AxiosError>(api.post('/api/auth/login', { password: 'wrong' }))

    expect(error.response?.status).toBe(401)
    expect(t.backend.state.refreshes).toBe(0)
  })

  it('a custom refreshRequest decides its own credentials: no CSRF header, no cookie asked for', async () => {
    const seen: Headers[] = []
    t.server.use(
      http.post(`${t.backend.baseUrl}/oauth/token`, async ({ request }) => {
        seen.push(request.headers)
        return HttpResponse.json({ access_token: 'custom-token', expires_in: 60 })
      }),
    )
    const { auth } = t.client({
      refreshRequest: ({ client, signal }) =>
        client
          .post('/oauth/token', new URLSearchParams({ grant_type: 'refresh_token' }), { signal })
          .then((response) => response.data),
    })

    expect(await until(auth.refresh())).toBe('custom-token')
    expect(seen[0]?.get('x-requested-with')).toBeNull()
    expect(seen[0]?.get('content-type')).toBe('application/x-www-form-urlencoded;charset=utf-8')
  })
})

import axios, { AxiosError, AxiosHeaders } from 'axios'
import { HttpResponse, http } from 'msw'
import { SessionExpiredError } from 'silent-refresh'
import { describe, expect, it } from 'vitest'
import { BASE_URL } from './helpers/backend'
import { rejectionOf, useBackend } from './helpers/setup'

const { backend, client } = useBackend()

describe('attaching and replaying', () => {
  it('attaches the header at send time, so a replay carries the current token', async () => {
    const { api, auth } = client()
    auth.setSession({ accessToken: 'stale' })
    const headersSeenByApp: unknown[] = []
    api.interceptors.response.use((response) => {
      headersSeenByApp.push(AxiosHeaders.from(response.config.headers).get('Authorization'))
      return response
    })

    const response = await api.get('/api/data/x', { headers: { Authorization: 'Bearer baked-in' } })

    expect(response.data.sent).toBe('Bearer at-1')
    expect(headersSeenByApp).toEqual(['Bearer at-1'])
  })

  it('rejects a replay that gets 401 again with that 401, and never refreshes twice', async () => {
    backend.server.use(
      http.get(`${BASE_URL}/api/data/forbidden-forever`, () =>
        HttpResponse.json({ code: 401 }, { status: 401 }),
      ),
    )
    const { api, auth } = client()
    auth.setSession({ accessToken: 'stale' })

    const error = await rejectionOf(api.get('/api/data/forbidden-forever'))

    expect(error).toBeInstanceOf(AxiosError)
    expect(error.response?.status).toBe(401)
    expect(backend.state.refreshes).toBe(1)
  })

  it('makes the refresh call on a bare client: the app interceptors never see it, a 401 on it cannot deadlock', async () => {
    backend.state.faults.push(401)
    const { api, auth } = client()
    const urlsSeenByApp: string[] = []
    api.interceptors.request.use((config) => {
      urlsSeenByApp.push(config.url ?? '')
      return config
    })
    auth.setSession({ accessToken: 'stale' })

    const error = await rejectionOf(api.get('/api/data/x'))

    expect(error).toBeInstanceOf(SessionExpiredError)
    expect(urlsSeenByApp).toEqual(['/api/data/x'])
  })

  it('skipAuth sends no token and never refreshes; skipAuthRefresh keeps the token but not the refresh', async () => {
    const { api, auth } = client()
    auth.setSession({ accessToken: 'stale' })

    const noAuth = await rejectionOf(api.get('/api/data/x', { skipAuth: true }))
    const noRefresh = await rejectionOf(api.get('/api/data/x', { skipAuthRefresh: true }))

    expect(noAuth.response?.data).toMatchObject({ code: 401, sent: null })
    expect(noRefresh.response?.data).toMatchObject({ code: 401, sent: 'Bearer stale' })
    expect(backend.state.refreshes).toBe(0)
  })

  it('sends API-key style headers when the scheme is empty', async () => {
    const seen: Array<string | null> = []
    backend.server.use(
      http.get(`${BASE_URL}/api/data/key`, ({ request }) => {
        seen.push(request.headers.get('x-api-key'))
        return HttpResponse.json({ code: 200 })
      }),
    )
    const { api, auth } = client({ header: 'X-API-Key', scheme: '' })
    auth.setSession({ accessToken: 'key-123' })

    await api.get('/api/data/key')

    expect(seen).toEqual(['key-123'])
  })

  it('attach() lets a second instance share the session and its single refresh', async () => {
    const { api, auth } = client()
    const other = axios.create({ baseURL: BASE_URL })
    const detach = auth.attach(other)
    auth.setSession({ accessToken: 'stale' })

    const responses = await Promise.all([api.get('/api/data/a'), other.get('/api/data/b')])

    expect(responses.map((r) => r.data.sent)).toEqual(['Bearer at-1', 'Bearer at-1'])
    expect(backend.state.refreshes).toBe(1)

    detach()
    const bare = await rejectionOf(other.get('/api/data/c'))
    expect(bare.response?.status).toBe(401)
  })

  it('does not refresh for 401s of its own auth endpoints called through the app instance', async () => {
    const { api } = client()

    const error = await rejectionOf(api.post('/api/auth/login', { password: 'wrong' }))

    expect(error.response?.status).toBe(401)
    expect(backend.state.refreshes).toBe(0)
  })
})

import axios from 'axios'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../mock-server/adapters/msw-handlers'
import { createMockBackend } from '../../mock-server/public'

// Written the way a user of the package would write a test against the msw handlers.
const backend = createMockBackend({ accessTtlMs: 60_000 })
const server = setupServer(
  ...createHandlers(backend),
  // Paths the backend does not own fall through to the user's own handlers.
  http.get('http://api.test/health', () => HttpResponse.json({ ok: true })),
)
const api = axios.create({
  baseURL: 'http://api.test',
  headers: { 'X-Requested-With': 'XMLHttpRequest' },
})

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => backend.reset())
afterAll(() => server.close())

/** msw in Node keeps no cookies: carry the refresh cookie by hand. */
const cookieOf = (setCookie: string[] | undefined) => setCookie?.[0]?.split(';')[0] ?? ''

describe('msw handlers', () => {
  it('log in, call the API, rotate and log out through real axios', async () => {
    const login = await api.post('/api/auth/login', { username: 'admin', password: '123456' })
    expect(login.data).toMatchObject({ code: 200, data: { username: 'admin', expiresIn: 60_000 } })
    const employees = await api.get('/api/employees', {
      headers: { Authorization: `Bearer ${login.data.data.token}` },
    })
    expect(employees.data.data).toHaveLength(8)

    const refreshed = await api.post('/api/auth/refresh', null, {
      headers: { Cookie: cookieOf(login.headers['set-cookie']) },
    })
    expect(refreshed.status).toBe(200)
    expect(cookieOf(refreshed.headers['set-cookie'])).not.toBe(
      cookieOf(login.headers['set-cookie']),
    )

    const logout = await api.post('/api/auth/logout', null, {
      headers: {
        Authorization: `Bearer ${refreshed.data.data.token}`,
        Cookie: cookieOf(refreshed.headers['set-cookie']),
      },
    })
    expect(logout.status).toBe(200)
    expect(await backend.stats()).toMatchObject({ logins: 1, rotations: 1, logouts: 1 })
  })

  it('lets axios see 401s with their challenge', async () => {
    const error = await api.get('/api/employees').catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect(axios.isAxiosError(error) && error.response?.headers['www-authenticate']).toBe(
      'Bearer realm="api"',
    )
  })

  it('falls through for paths outside /api and /__mock', async () => {
    expect((await api.get('/health')).data).toEqual({ ok: true })
  })

  it('serves the dev controls and matches any host', async () => {
    const stats = await axios.get('http://other.example/__mock/stats')
    expect(stats.data.data).toMatchObject({ logins: 0 })
  })

  it('accepts options instead of a backend', async () => {
    server.use(...createHandlers({ users: [{ username: 'bob', password: 'pw' }] }))
    try {
      const login = await api.post('/api/auth/login', { username: 'bob', password: 'pw' })
      expect(login.data.data.username).toBe('bob')
    } finally {
      server.resetHandlers()
    }
  })
})

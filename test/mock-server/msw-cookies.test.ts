import axios from 'axios'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createHandlers } from '../../mock-server/adapters/msw-handlers'
import { createMockBackend } from '../../mock-server/public'

// In a browser a Service Worker cannot set (HttpOnly) cookies, so the handlers keep the refresh
// cookie in msw's cookie store instead. Node shares the code path when asked to.
const backend = createMockBackend()
const server = setupServer(...createHandlers(backend, { emulateCookies: true }))
const api = axios.create({
  baseURL: 'http://localhost',
  headers: { 'X-Requested-With': 'XMLHttpRequest' },
})

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

it('keeps the refresh cookie between requests without any Cookie header from the client', async () => {
  await api.post('/api/auth/login', { username: 'admin', password: '123456' })
  const first = await api.post('/api/auth/refresh')
  expect(first.status).toBe(200)
  expect(first.headers['x-mock-refresh-cookie']).toBe('present')
  const second = await api.post('/api/auth/refresh')
  expect(second.status).toBe(200)
  expect(await backend.stats()).toMatchObject({ rotations: 2, reuseDetected: 0 })
  await api.post('/api/auth/logout')
  const after = await api.post('/api/auth/refresh').catch((e: unknown) => e)
  expect(axios.isAxiosError(after) && after.response?.status).toBe(401)
  expect(axios.isAxiosError(after) && after.response?.headers['x-mock-refresh-cookie']).toBe(
    'absent',
  )
})

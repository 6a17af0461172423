// The README's "msw handlers in your own vitest test" example, verbatim between the markers. It
// runs in the node, happy-dom and jsdom environments (msw-example.*.test.ts import it), as users
// run it; readme-snippets.test.ts checks it is still what the README shows.
// --- README example: msw ---
import axios from 'axios'
import { setupServer } from 'msw/node'
import { createMockBackend } from 'silent-refresh/mock-server'
import { createHandlers } from 'silent-refresh/mock-server/msw'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'

const backend = createMockBackend({ accessTtlMs: 60_000 })
const server = setupServer(...createHandlers(backend))
const api = axios.create({
  baseURL: 'http://api.test',
  headers: { 'X-Requested-With': 'XMLHttpRequest' },
})

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => backend.reset())
afterAll(() => server.close())

it('rotates the refresh token', async () => {
  const login = await api.post('/api/auth/login', { username: 'admin', password: '123456' })
  // In Node, msw keeps no cookies: hand the refresh cookie over yourself. (Under happy-dom or
  // jsdom the handlers keep it in msw's cookie store, and this header is left out.)
  const cookie = login.headers['set-cookie']?.[0]?.split(';')[0] ?? ''
  const refreshed = await api.post('/api/auth/refresh', null, { headers: { Cookie: cookie } })
  expect(refreshed.data.data.username).toBe('admin')
  expect(await backend.stats()).toMatchObject({ logins: 1, rotations: 1 })
})
// --- end of README example ---

// The README's "msw handlers in your own vitest test" example, verbatim between the markers:
// if the docs drift from the API, this file stops compiling or passing.
// --- README example ---
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
  const cookie = login.headers['set-cookie']?.[0]?.split(';')[0] ?? '' // msw in Node keeps no cookies
  const refreshed = await api.post('/api/auth/refresh', null, { headers: { Cookie: cookie } })
  expect(refreshed.data.data.username).toBe('admin')
  expect(backend.stats()).toMatchObject({ logins: 1, rotations: 1 })
})
// --- end of README example ---

it('is still the example the README shows', async () => {
  const { readFile } = await import('node:fs/promises')
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
  const self = await readFile(new URL(import.meta.url), 'utf8')
  const example = self
    .split('// --- README example ---\n')[1]
    ?.split('// --- end of README example ---')[0]
  expect(example && readme.includes(`\`\`\`ts\n${example}\`\`\``)).toBe(true)
})

import axios from 'axios'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../mock-server/adapters/msw-handlers'
import { createMockBackend, type MockBackendOptions } from '../../mock-server/public'
import { parseSetCookie } from './helpers/cookie-jar'

// `cookie.secure: 'auto'` (the default) follows how the request came: a browser keeps a Secure
// cookie only from a secure context (https, or a loopback host), and msw's cookie store, like a
// browser, refuses it on plain http to other hosts.
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

/** Serves a backend made with `options` for the test that calls it. */
const serve = (options: MockBackendOptions = {}) =>
  server.use(...createHandlers(createMockBackend(options)))

async function loginCookie(url: string, headers: Record<string, string> = {}) {
  const res = await axios.post(
    `${url}/api/auth/login`,
    { username: 'admin', password: '123456' },
    { headers },
  )
  return Object.fromEntries(parseSetCookie(res.headers['set-cookie']?.[0] ?? '').attributes)
}

describe("the refresh cookie's Secure attribute", () => {
  it.each([
    ['https://api.test', true],
    ['http://localhost:5173', true],
    ['http://127.0.0.1:3000', true],
    ['http://app.localhost', true],
    ['http://api.test', false],
    ['http://192.168.1.20:3000', false],
  ])("with 'auto', a login at %s sets Secure: %s", async (url, secure) => {
    serve()
    expect('secure' in (await loginCookie(url))).toBe(secure)
  })

  it('with `secure: true`, is set on plain http as well', async () => {
    serve({ cookie: { secure: true } })
    expect(await loginCookie('http://api.test')).toHaveProperty('secure')
  })

  it('behind a trusted proxy, follows X-Forwarded-Proto; without trustProxy the header is ignored', async () => {
    const https = { 'X-Forwarded-Proto': 'https' }
    serve({ trustProxy: true })
    expect(await loginCookie('http://api.test', https)).toHaveProperty('secure')
    expect(await loginCookie('http://api.test')).not.toHaveProperty('secure')
    server.resetHandlers()
    serve()
    expect(await loginCookie('http://api.test', https)).not.toHaveProperty('secure')
  })

  it.each<[MockBackendOptions, string]>([
    [{ cookie: { secure: 'yes' as never } }, 'true, false or "auto"'],
    [{ cookie: { sameSite: 'None' } }, 'true when sameSite is "None"'],
  ])('rejects %j naming the rule', (options, rule) => {
    expect(() => createMockBackend(options)).toThrow(rule)
  })
})

// @vitest-environment happy-dom
// The SDK against better-auth, a cookie-session server this project did not write: its sign-in
// answers a *session* token and sets the session cookie; the access token for the app's API is a
// JWT from a separate GET endpoint. The server runs on 127.0.0.1 in a process of its own; the
// test moves its clock and the SDK's together (JWTs expire without waiting); timers and I/O
// stay real. The cookie jar
// is Node's (tough-cookie through http-cookie-agent), set on the app's axios instance, as the
// README's Node recipe does: the SDK's own calls must go through it.
import axios from 'axios'
import { HttpCookieAgent } from 'http-cookie-agent/http'
import type { SilentRefresh, SilentRefreshOptions } from 'silent-refresh'
import { CookieJar } from 'tough-cookie'
import { fetch } from 'undici'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { betterAuthOptions } from '../readme/recipe-better-auth'
import { createFakeTabs } from '../sdk/helpers/fake-tabs'
import { openAppOn } from './helpers/app'
import { type BetterAuthServer, startBetterAuthServer, USER } from './helpers/better-auth-server'

const JWT_TTL_S = 60

let server: BetterAuthServer
let jar: CookieJar
const sdks: SilentRefresh[] = []
/** Moves the SDK's date and the server's clock on together. */
async function passes(ms: number) {
  vi.setSystemTime(Date.now() + ms)
  await server.advance(ms)
}

/** Token endpoint calls since the test began (one server serves the file). */
let tokenCallsBefore = 0
const tokenCalls = async () => (await server.counts()).tokenCalls - tokenCallsBefore

beforeAll(async () => {
  server = await startBetterAuthServer({ jwtTtlS: JWT_TTL_S })
})
afterAll(() => server.close())
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  jar = new CookieJar() // a new browser: its tabs share it
  tokenCallsBefore = (await server.counts()).tokenCalls
})
afterEach(async () => {
  for (const sdk of sdks.splice(0)) sdk.dispose()
  vi.useRealTimers()
  Reflect.deleteProperty(navigator, 'locks')
  vi.unstubAllGlobals()
})

/** A tab of the app: better-auth's sign-in, its token endpoint (a GET), its sign-out. */
function openApp(options: SilentRefreshOptions = {}) {
  const api = axios.create({
    baseURL: server.url,
    adapter: 'http',
    httpAgent: new HttpCookieAgent({ cookies: { jar } }),
  })
  return openAppOn(api, '/api/me', { ...betterAuthOptions, ...options }, sdks) // the README's recipe
}

const signIn = (auth: SilentRefresh) => auth.login({ email: USER.email, password: USER.password })
const burst = (me: () => Promise<unknown>, count: number) =>
  Promise.all(Array.from({ length: count }, me))

describe('better-auth: a cookie session, JWTs from its token endpoint', () => {
  it('login() takes the JWT from the token endpoint, never the session token from the sign-in answer', async () => {
    const { auth, me } = openApp()
    const body = (await signIn(auth)) as { token: string }

    expect(await tokenCalls()).toBe(1)
    const token = auth.getAccessToken()
    expect(token?.split('.')).toHaveLength(3) // a JWT
    expect(token).not.toBe(body.token)
    expect(await burst(me, 3)).toEqual([200, 200, 200])
    expect((await server.counts()).bearers).not.toContain(body.token)
  })

  it('3 expiries × 50 concurrent requests: one token call per expiry, every request ok', async () => {
    const { auth, me } = openApp()
    await signIn(auth)
    for (let expiry = 1; expiry <= 3; expiry++) {
      await passes(JWT_TTL_S * 1000 + 1)
      expect(await burst(me, 50)).toEqual(Array(50).fill(200))
      expect(await tokenCalls()).toBe(1 + expiry)
    }
  })

  it('two tabs: the second restores from the first, and each expiry costs one token call', async () => {
    const tabs = createFakeTabs()
    vi.stubGlobal('BroadcastChannel', tabs.BroadcastChannel)
    Object.defineProperty(navigator, 'locks', { value: tabs.locks, configurable: true })
    const first = openApp({ crossTab: true })
    await signIn(first.auth)
    const second = openApp({ crossTab: true })
    await second.auth.refresh()
    expect(await tokenCalls()).toBe(1)

    for (let expiry = 1; expiry <= 3; expiry++) {
      await passes(JWT_TTL_S * 1000 + 1)
      const statuses = await Promise.all([burst(first.me, 25), burst(second.me, 25)])
      expect(statuses.flat()).toEqual(Array(50).fill(200))
      expect(await tokenCalls()).toBe(1 + expiry)
    }
    expect([...first.expiries, ...second.expiries]).toEqual([])
  })

  it('a session signed out elsewhere: the next token call is refused, the SDK ends the session once', async () => {
    const { auth, me, expiries } = openApp()
    await signIn(auth)
    // Another client with the same cookie (the user's other window, a stolen cookie) signs out.
    const cookie = await jar.getCookieString(server.url)
    const signOut = await fetch(`${server.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/json', Origin: server.url },
      body: '{}',
    })
    expect(signOut.status).toBe(200)

    await passes(JWT_TTL_S * 1000 + 1)
    expect(await burst(me, 50)).toEqual(Array(50).fill('ERR_SESSION_EXPIRED'))
    expect(expiries).toHaveLength(1)
  })
})

// @vitest-environment happy-dom
// The SDK against oidc-provider, a certified OpenID Provider this project did not write: OAuth
// refresh tokens in the body, rotated on every use, no grace window (a rotated token used again
// revokes the grant). The server runs in this process on 127.0.0.1 and shares the test's
// simulated date, so access tokens expire for both sides without waiting; timers stay real, as
// the I/O is (a test waits only for real answers, and for the one deliberately late answer).
// Two "tabs" are two SDKs linked by the in-process BroadcastChannel and Web Locks of the SDK tests.
import axios from 'axios'
import type { SilentRefresh, SilentRefreshOptions } from 'silent-refresh'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { oauthOptions } from '../readme/recipe-oauth'
import { createFakeTabs } from '../sdk/helpers/fake-tabs'
import { openAppOn } from './helpers/app'
import { type OidcServer, startOidcServer, type TokenSet } from './helpers/oidc-server'

const ACCESS_TTL_S = 60

let oidc: OidcServer
const sdks: SilentRefresh[] = []

/** Moves the shared date on: tokens expire, nothing else happens. */
const passes = (ms: number) => vi.setSystemTime(Date.now() + ms)

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  oidc = await startOidcServer({ accessTtlS: ACCESS_TTL_S })
})
afterEach(async () => {
  for (const sdk of sdks.splice(0)) sdk.dispose()
  vi.useRealTimers()
  await oidc.close()
  Reflect.deleteProperty(navigator, 'locks')
  vi.unstubAllGlobals()
})

/** An app on the OAuth server: its API is the server's userinfo endpoint, which wants the access token. */
function openApp(options: SilentRefreshOptions = {}) {
  // Node's http adapter: the test talks to a real server (happy-dom's XHR would apply CORS for a page at about:blank).
  const api = axios.create({ baseURL: oidc.issuer, adapter: 'http' })
  const recipe = oauthOptions(oidc.tokenUrl) // the README's recipe
  return { api, ...openAppOn(api, '/me', { ...recipe, ...options }, sdks) }
}

const signIn = (auth: SilentRefresh, tokens: TokenSet) =>
  auth.setSession({
    accessToken: tokens.access_token,
    expiresIn: tokens.expires_in * 1000,
    refreshToken: tokens.refresh_token,
  })

const burst = (me: () => Promise<unknown>, count: number) =>
  Promise.all(Array.from({ length: count }, me))

describe('oidc-provider: refresh tokens in the body, rotated, no grace window', () => {
  it('3 expiries × 50 concurrent requests: one refresh grant per expiry, every request ok', async () => {
    const { auth, me } = openApp()
    signIn(auth, await oidc.authorize())
    expect(await burst(me, 50)).toEqual(Array(50).fill(200))

    for (let expiry = 1; expiry <= 3; expiry++) {
      passes(ACCESS_TTL_S * 1000 + 1)
      expect(await burst(me, 50)).toEqual(Array(50).fill(200))
      expect(oidc.counts.refreshGrants).toBe(expiry)
    }
    expect(oidc.counts.revokedGrants).toBe(0)
  })

  it('two tabs share the rotated refresh token: each expiry costs one grant, and none is reused', async () => {
    const tabs = createFakeTabs()
    vi.stubGlobal('BroadcastChannel', tabs.BroadcastChannel)
    Object.defineProperty(navigator, 'locks', { value: tabs.locks, configurable: true })
    const first = openApp({ crossTab: true })
    signIn(first.auth, await oidc.authorize())
    // The second tab opens after the sign-in: it restores from the first, refresh token included.
    const second = openApp({ crossTab: true })
    await second.auth.refresh()
    expect(oidc.counts.refreshGrants).toBe(0)

    for (let expiry = 1; expiry <= 3; expiry++) {
      passes(ACCESS_TTL_S * 1000 + 1)
      // Alternate which tab meets the expiry first: each must hold the newest refresh token.
      const [early, late] = expiry % 2 ? [first, second] : [second, first]
      const statuses = await Promise.all([
        ...Array.from({ length: 25 }, early.me),
        ...Array.from({ length: 25 }, late.me),
      ])
      expect(statuses).toEqual(Array(50).fill(200))
      expect(oidc.counts.refreshGrants).toBe(expiry)
    }
    expect(oidc.counts.revokedGrants).toBe(0)
    expect([...first.expiries, ...second.expiries]).toEqual([])
  })

  it('an attacker replaying an old refresh token: the server revokes the grant, the SDK ends the session once', async () => {
    const { auth, me, expiries } = openApp()
    const tokens = await oidc.authorize()
    signIn(auth, tokens)
    passes(ACCESS_TTL_S * 1000 + 1)
    expect(await burst(me, 5)).toEqual(Array(5).fill(200)) // rotated: tokens.refresh_token is spent

    const replay = await oidc.refreshWith(tokens.refresh_token) // the attacker's copy
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
    expect(oidc.counts.revokedGrants).toBe(1)

    passes(ACCESS_TTL_S * 1000 + 1)
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => auth.refresh()))
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason.code)).toEqual(
      Array(20).fill('ERR_SESSION_EXPIRED'),
    )
    expect(expiries).toHaveLength(1)
    expect(await burst(me, 3)).toEqual(Array(3).fill('ERR_SESSION_EXPIRED'))
  })

  it('a refresh answered after 1.5 × refreshTimeoutMs is waited for, never sent again: no grant revoked', async () => {
    const { auth, me, expiries } = openApp({ refreshTimeoutMs: 1_000 })
    signIn(auth, await oidc.authorize())
    oidc.refreshLatencyMs = 1_500 // real time: the one wait this file has

    passes(ACCESS_TTL_S * 1000 + 1)
    expect(await burst(me, 10)).toEqual(Array(10).fill(200))

    expect(oidc.counts.refreshGrants).toBe(1)
    expect(oidc.counts.revokedGrants).toBe(0)
    expect(expiries).toEqual([])
    oidc.refreshLatencyMs = 0
    passes(ACCESS_TTL_S * 1000 + 1)
    expect(await burst(me, 3)).toEqual(Array(3).fill(200)) // the session lives on
  })
})

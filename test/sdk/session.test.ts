import { HttpResponse, http } from 'msw'
import { isSessionExpired, SessionExpiredError } from 'silent-refresh'
import { describe, expect, it } from 'vitest'
import { flavours } from './helpers/flavours'
import { useSdk } from './helpers/setup'
import { advance, rejectionOf, until } from './helpers/time'

describe.each(flavours)('login and logout ($name)', (flavour) => {
  const t = useSdk({}, flavour)

  it('login() posts the credentials with the CSRF header and starts the session', async () => {
    const { request, auth } = t.client()

    const body = await until(
      auth.login<{ data: { token: string } }>({ username: 'admin', password: 'secret' }),
    )

    expect(body.data.token).toBe('at-1')
    expect(auth.getAccessToken()).toBe('at-1')
    expect(t.backend.state.loginHeaders[0]?.get('x-requested-with')).toBe('XMLHttpRequest')
    expect((await until(request('/api/data/x'))).data.sent).toBe('Bearer at-1')
  })

  it('login() with bad credentials rejects with the 401 and starts nothing', async () => {
    const { auth } = t.client()

    const error = await rejectionOf<{ response?: { status: number }; status?: number }>(
      auth.login({ username: 'admin', password: 'nope' }),
    )

    expect(error.response?.status ?? error.status).toBe(401)
    expect(auth.getAccessToken()).toBeNull()
    expect(t.backend.state.refreshes).toBe(0)
  })

  it('logout() posts the access token, clears the session, fires loggedOut; later requests never refresh', async () => {
    const { request, auth } = t.client()
    await until(auth.login({ username: 'admin', password: 'secret' }))
    const events: string[] = []
    auth.on('loggedOut', () => events.push('loggedOut'))

    await until(auth.logout())

    expect(t.backend.state.logoutHeaders[0]?.get('authorization')).toBe('Bearer at-1')
    expect(t.backend.state.logoutHeaders[0]?.get('x-requested-with')).toBe('XMLHttpRequest')
    expect(auth.getAccessToken()).toBeNull()
    expect(events).toEqual(['loggedOut'])
    expect(await rejectionOf(request('/api/data/x'))).toBeInstanceOf(SessionExpiredError)
    expect(t.backend.state.refreshes).toBe(0)
  })

  it('logout() clears the session even when the server cannot be reached', async () => {
    t.server.use(http.post(`${t.backend.baseUrl}/api/auth/logout`, () => HttpResponse.error()))
    const { auth } = t.client()
    auth.setSession({ accessToken: 'a' })

    await rejectionOf(auth.logout())

    expect(auth.getAccessToken()).toBeNull()
  })

  it('a refresh that lands after clearSession() does not bring the session back', async () => {
    t.backend.options.refreshLatencyMs = 50
    const { auth } = t.client()
    auth.setSession({ accessToken: 'a' })

    const refreshing = auth.refresh()
    auth.clearSession()

    expect(await rejectionOf(refreshing)).toBeInstanceOf(SessionExpiredError)
    expect(auth.getAccessToken()).toBeNull()
  })

  it('a usable session set during a refresh wins over the older refresh result', async () => {
    t.backend.options.refreshLatencyMs = 50
    const { auth } = t.client()
    auth.setSession({ accessToken: 'a' })

    const refreshing = auth.refresh()
    auth.setSession({ accessToken: 'from-login' })

    expect(await until(refreshing)).toBe('from-login')
    expect(auth.getAccessToken()).toBe('from-login')
  })

  // Defect 2 of the session-core issue: staleness was judged by a version counter alone, so a
  // session set during the refresh won even when it was already expired — refresh() resolved to
  // a dead token, and the rotation the server had made was thrown away.
  it('refresh() resolves to the token the server issued when the session that replaced it is already expired', async () => {
    t.backend.options.refreshLatencyMs = 50
    const { request, auth } = t.client()
    auth.setSession({ accessToken: 'a' })

    const refreshing = auth.refresh()
    auth.setSession({ accessToken: 'b', expiresAt: Date.now() - 1 })

    expect(await until(refreshing)).toBe('at-1')
    expect(auth.getAccessToken()).toBe('at-1')
    expect((await until(request('/api/data/x'))).data.sent).toBe('Bearer at-1')
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('a login waits for the refresh in flight, so that refresh cannot land after it', async () => {
    t.backend.options.refreshLatencyMs = 50
    const { auth } = t.client()
    auth.setSession({ accessToken: 'a' })

    const refreshing = auth.refresh()
    const login = auth.login({ username: 'admin', password: 'secret' })
    await until(Promise.all([refreshing, login]))

    expect(t.backend.state.wire).toEqual(['refresh', 'login'])
    expect(auth.getAccessToken()).toBe('at-2')
  })
})

// Defect 3 of the session-core issue: dispose() then refresh() still called the server once.
describe.each(flavours)('after dispose() ($name)', (flavour) => {
  const t = useSdk({}, flavour)

  it('refresh(), login() and logout() reject at once with ERR_DISPOSED, and nothing reaches the network', async () => {
    const { request, auth } = t.client()
    auth.setSession({ accessToken: 'a' })
    auth.dispose()

    for (const call of [() => auth.refresh(), () => auth.login({}), () => auth.logout()])
      expect(await rejectionOf(call())).toMatchObject({ code: 'ERR_DISPOSED' })
    expect(() => auth.setSession({ accessToken: 'b' })).toThrow(/disposed/)
    await until(request('/api/data/x')) // the instance itself still works, without the SDK
    expect(t.backend.state.wire).toEqual(['api /api/data/x'])
  })

  it('a refresh in flight is aborted: its waiters reject with ERR_DISPOSED and nothing is retried', async () => {
    t.backend.state.faults.push('hang')
    const { request, auth } = t.client()
    const waiting = request('/api/data/a') // no session yet: 401, then waits for the refresh
    await advance(20)

    auth.dispose()

    expect(await rejectionOf(waiting)).toMatchObject({ code: 'ERR_DISPOSED' })
    await advance(60_000)
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('a login in flight is aborted; a logout in flight goes through and signs out', async () => {
    const { auth } = t.client()
    const login = auth.login({ password: 'secret' })
    auth.dispose()
    expect(await rejectionOf(login)).toMatchObject({ code: 'ERR_DISPOSED' })

    const other = t.client()
    other.auth.setSession({ accessToken: 'a' })
    const logout = other.auth.logout()
    other.auth.dispose()
    await until(logout)
    expect(t.backend.state.logouts).toBe(1)
  })
})

describe('error guards', () => {
  it('tell errors apart by code, so they hold across realms and duplicated bundles', () => {
    expect(isSessionExpired(new SessionExpiredError('/r'))).toBe(true)
    expect(isSessionExpired({ code: 'ERR_SESSION_EXPIRED', name: 'SessionExpiredError' })).toBe(
      true,
    )
    expect(isSessionExpired({ code: 'ERR_REFRESH_FAILED' })).toBe(false)
    expect(isSessionExpired(null)).toBe(false)
  })
})

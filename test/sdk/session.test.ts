import { type AxiosError, isAxiosError } from 'axios'
import { HttpResponse, http } from 'msw'
import { SessionExpiredError } from 'silent-refresh'
import { describe, expect, it } from 'vitest'
import { BASE_URL } from './helpers/backend'
import { rejectionOf, useBackend } from './helpers/setup'

const { backend, client } = useBackend()

describe('login and logout', () => {
  it('login() posts the credentials with the CSRF header and starts the session', async () => {
    const { api, auth } = client()

    const body = await auth.login<{ data: { token: string } }>({
      username: 'admin',
      password: 'secret',
    })

    expect(body.data.token).toBe('at-1')
    expect(auth.getAccessToken()).toBe('at-1')
    expect(backend.state.loginHeaders[0]?.get('x-requested-with')).toBe('XMLHttpRequest')
    expect((await api.get('/api/data/x')).data.sent).toBe('Bearer at-1')
  })

  it('login() with bad credentials rejects with the 401 and starts nothing', async () => {
    const { auth } = client()

    const error = await rejectionOf(auth.login({ username: 'admin', password: 'nope' }))

    expect(isAxiosError(error) && error.response?.status).toBe(401)
    expect(auth.getAccessToken()).toBeNull()
    expect(backend.state.refreshes).toBe(0)
  })

  it('logout() posts the access token, clears the session, fires loggedOut; later requests never refresh', async () => {
    const { api, auth } = client()
    await auth.login({ username: 'admin', password: 'secret' })
    const events: string[] = []
    auth.on('loggedOut', () => events.push('loggedOut'))

    await auth.logout()

    expect(backend.state.logoutHeaders[0]?.get('authorization')).toBe('Bearer at-1')
    expect(backend.state.logoutHeaders[0]?.get('x-requested-with')).toBe('XMLHttpRequest')
    expect(auth.getAccessToken()).toBeNull()
    expect(events).toEqual(['loggedOut'])
    const error = await rejectionOf(api.get('/api/data/x'))
    expect(error).toBeInstanceOf(SessionExpiredError)
    expect(backend.state.refreshes).toBe(0)
  })

  it('logout() clears the session even when the server cannot be reached', async () => {
    backend.server.use(http.post(`${BASE_URL}/api/auth/logout`, () => HttpResponse.error()))
    const { auth } = client()
    auth.setSession({ accessToken: 'a' })

    const error = await rejectionOf<AxiosError>(auth.logout())

    expect(isAxiosError(error) && error.response).toBe(undefined)
    expect(auth.getAccessToken()).toBeNull()
  })

  it('a refresh that lands after logout does not bring the session back', async () => {
    backend.options.refreshLatencyMs = 50
    const { auth } = client()
    auth.setSession({ accessToken: 'a' })

    const refreshing = auth.refresh()
    auth.clearSession()

    await expect(refreshing).rejects.toBeInstanceOf(SessionExpiredError)
    expect(auth.getAccessToken()).toBeNull()
  })

  it('a login during a refresh wins over the older refresh result', async () => {
    backend.options.refreshLatencyMs = 50
    const { auth } = client()
    auth.setSession({ accessToken: 'a' })

    const refreshing = auth.refresh()
    auth.setSession({ accessToken: 'from-login' })

    await expect(refreshing).resolves.toBe('from-login')
    expect(auth.getAccessToken()).toBe('from-login')
  })
})

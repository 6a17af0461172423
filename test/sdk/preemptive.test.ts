import { describe, expect, it } from 'vitest'
import { settleAll, useBackend } from './helpers/setup'

const { backend, client } = useBackend()

/** An unsigned JWT whose `exp` is `secondsFromNow` away; the SDK reads `exp`, the server verifies. */
function jwt(secondsFromNow: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const exp = Math.floor(Date.now() / 1000) + secondsFromNow
  return `${encode({ alg: 'HS256' })}.${encode({ sub: 'u1', exp })}.signature`
}

describe('pre-emptive refresh', () => {
  it('waits for the refresh instead of sending a token known to be expired: N requests cost N+1', async () => {
    const { api, auth } = client()
    auth.setSession({ accessToken: 'old', expiresAt: Date.now() - 1 })

    const { fulfilled } = await settleAll(
      Array.from({ length: 25 }, (_, i) => api.get(`/api/data/${i}`)),
    )

    expect(fulfilled).toHaveLength(25)
    expect(backend.state.refreshes).toBe(1)
    expect(backend.wireRequests).toBe(25 + 1)
    expect(fulfilled.every((r) => r.data.sent === 'Bearer at-1')).toBe(true)
  })

  it('knows expiry from the JWT exp claim when no expiresIn is given', async () => {
    const { api, auth } = client()
    auth.setSession({ accessToken: jwt(-5) })

    await api.get('/api/data/x')

    expect(backend.wireRequests).toBe(2)
  })

  it('measures expiresIn from when the response arrived, whatever the client clock says', async () => {
    backend.options.expiresIn = 1
    const { api, auth } = client()
    await auth.refresh()
    await new Promise((resolve) => setTimeout(resolve, 5))

    // at-1 lived 1 ms: the SDK refreshes first instead of sending it.
    const response = await api.get('/api/data/x')

    expect(response.data.sent).toBe('Bearer at-2')
    expect(backend.state.refreshes).toBe(2)
    expect(backend.state.apiCalls).toBe(1)
  })

  it('holds requests made while a refresh is in flight until it lands', async () => {
    backend.options.refreshLatencyMs = 50
    const { api, auth } = client()
    backend.accept('valid')
    auth.setSession({ accessToken: 'valid' })

    const refreshing = auth.refresh()
    const responses = await Promise.all([api.get('/api/data/1'), api.get('/api/data/2')])
    await refreshing

    expect(responses.map((r) => r.data.sent)).toEqual(['Bearer at-1', 'Bearer at-1'])
    expect(backend.wireRequests).toBe(3)
  })
})

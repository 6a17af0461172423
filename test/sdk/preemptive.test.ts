import { describe, expect, it } from 'vitest'
import { flavours } from './helpers/flavours'
import { burstSizes, useSdk } from './helpers/setup'
import { advance, settleAll, until } from './helpers/time'

/** An unsigned JWT whose `exp` is `secondsFromNow` away; the SDK reads `exp`, the server verifies. */
function jwt(secondsFromNow: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const exp = Math.floor(Date.now() / 1000) + secondsFromNow
  return `${encode({ alg: 'HS256' })}.${encode({ sub: 'u1', exp })}.signature`
}

describe.each(flavours)('pre-emptive refresh ($name)', (flavour) => {
  const t = useSdk({}, flavour)

  it.each(burstSizes)(
    'waits for the refresh instead of sending a token known to be expired: %i requests cost N+1',
    { timeout: 60_000 },
    async (n) => {
      const { request, auth } = t.client()
      auth.setSession({ accessToken: 'old', expiresAt: Date.now() - 1 })

      const { fulfilled } = await settleAll(
        Array.from({ length: n }, (_, i) => request(`/api/data/${i}`)),
      )

      expect(fulfilled.map((reply) => reply.data.sent)).toEqual(Array(n).fill('Bearer at-1'))
      expect(t.backend.state.refreshes).toBe(1)
      expect(t.backend.wireRequests).toBe(n + 1)
    },
  )

  it('knows expiry from the JWT exp claim when no expiresIn is given', async () => {
    const { request, auth } = t.client()
    auth.setSession({ accessToken: jwt(-5) })

    await until(request('/api/data/x'))

    expect(t.backend.wireRequests).toBe(2)
  })

  it('measures expiresIn from when the response arrived, whatever the client clock says', async () => {
    t.backend.options.expiresIn = 1
    const { request, auth } = t.client()
    await until(auth.refresh())
    await advance(5)

    // at-1 lived 1 ms: the SDK refreshes first instead of sending it.
    const reply = await until(request('/api/data/x'))

    expect(reply.data.sent).toBe('Bearer at-2')
    expect(t.backend.state.refreshes).toBe(2)
    expect(t.backend.state.apiCalls).toBe(1)
  })

  it('holds requests made while a refresh is in flight until it lands', async () => {
    t.backend.options.refreshLatencyMs = 50
    const { request, auth } = t.client()
    t.backend.accept('valid')
    auth.setSession({ accessToken: 'valid' })

    const refreshing = auth.refresh()
    const replies = await until(Promise.all([request('/api/data/1'), request('/api/data/2')]))
    await until(refreshing)

    expect(replies.map((reply) => reply.data.sent)).toEqual(['Bearer at-1', 'Bearer at-1'])
    expect(t.backend.wireRequests).toBe(3)
  })

  // Defect 8 of the session-core issue: a request sent with token T1 was answered 401 long after
  // the tab had refreshed to T2 — and T2 had expired meanwhile. It was replayed with T2 at once,
  // and failed with a raw 401 although the session was healthy.
  it('a 401 for an older token, arriving once the current one is known to be expired, replays after a refresh', async () => {
    t.backend.options.expiresIn = 7_400
    t.backend.options.apiLatencyMs = (path) => (path.endsWith('/slow') ? 9_000 : 0)
    const { request, auth } = t.client()
    t.backend.accept('t1')
    auth.setSession({ accessToken: 't1', expiresIn: 60_000 })

    const slow = request('/api/data/slow') // leaves with t1, answered 401 at +9 s
    await advance(10)
    t.backend.accept('revoked') // the server drops t1; the next request refreshes to at-1
    await until(request('/api/data/fast'))
    expect(auth.getAccessToken()).toBe('at-1') // expires at +7.4 s, before the slow 401 lands
    t.backend.options.expiresIn = 60_000 // the next token lives long enough for the replay

    const reply = await until(slow)

    expect(reply).toMatchObject({ status: 200, data: { sent: 'Bearer at-2' } })
    expect(t.backend.state.refreshes).toBe(2)
  })
})

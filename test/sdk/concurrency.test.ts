import { describe, expect, it } from 'vitest'
import { flavours } from './helpers/flavours'
import { burstSizes, useSdk } from './helpers/setup'
import { settleAll, until } from './helpers/time'

describe.each(flavours)('single-flight refresh on 401 ($name)', (flavour) => {
  const t = useSdk({}, flavour)

  it.each(burstSizes)(
    '%i concurrent 401s cause exactly one refresh and all replay',
    { timeout: 60_000 },
    async (n) => {
      const { request, auth } = t.client()
      auth.setSession({ accessToken: 'stale' }) // the backend no longer accepts it

      const { fulfilled, rejected } = await settleAll(
        Array.from({ length: n }, (_, i) => request(`/api/data/${i}`)),
      )

      expect(rejected).toEqual([])
      expect(fulfilled.map((reply) => reply.data.sent)).toEqual(Array(n).fill('Bearer at-1'))
      expect(t.backend.state.refreshes).toBe(1)
      expect(auth.getAccessToken()).toBe('at-1')
    },
  )

  it('replays without a second refresh when a 401 lands after the refresh finished', async () => {
    // Latencies spread over 60 ms, applied before the token check: many requests are refused
    // for the old token after the new one is already in memory.
    t.backend.options.apiLatencyMs = (path) => (Number(path.split('/').pop()) * 7) % 60
    t.backend.options.refreshLatencyMs = 5
    const { request, auth } = t.client()
    auth.setSession({ accessToken: 'stale' })

    const { fulfilled, rejected } = await settleAll(
      Array.from({ length: 200 }, (_, i) => request(`/api/data/${i}`)),
    )

    expect(rejected).toEqual([])
    expect(fulfilled.map((reply) => reply.data.sent)).toEqual(Array(200).fill('Bearer at-1'))
    expect(t.backend.state.refreshes).toBe(1)
    expect(t.backend.state.unauthorizedAfterIssue).toBeGreaterThan(0)
  })

  it('joins the refresh in flight when app code calls refresh() concurrently', async () => {
    const { request, auth } = t.client()
    auth.setSession({ accessToken: 'stale' })

    const [tokens, replies] = await until(
      Promise.all([
        Promise.all([auth.refresh(), auth.refresh(), auth.refresh()]),
        Promise.all([request('/api/data/a'), request('/api/data/b')]),
      ]),
    )

    expect(tokens).toEqual(['at-1', 'at-1', 'at-1'])
    expect(replies.map((reply) => reply.status)).toEqual([200, 200])
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('restores a session after a reload: no token yet, the first 401 refreshes through the cookie', async () => {
    const { request, auth } = t.client()
    expect(auth.getAccessToken()).toBeNull()

    const replies = await until(Promise.all([request('/api/data/a'), request('/api/data/b')]))

    expect(replies.map((reply) => reply.data.sent)).toEqual(['Bearer at-1', 'Bearer at-1'])
    expect(t.backend.state.refreshes).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import { settleAll, useBackend } from './helpers/setup'

const { backend, client } = useBackend()

describe('single-flight refresh on 401', () => {
  it.each([1, 10, 100, 1000])(
    '%i concurrent 401s cause exactly one refresh and all replay',
    async (n) => {
      const { api, auth } = client()
      auth.setSession({ accessToken: 'stale' }) // the backend no longer accepts it

      const { fulfilled, rejected } = await settleAll(
        Array.from({ length: n }, (_, i) => api.get(`/api/data/${i}`)),
      )

      expect(rejected).toEqual([])
      expect(fulfilled).toHaveLength(n)
      expect(backend.state.refreshes).toBe(1)
      expect(new Set(fulfilled.map((r) => r.data.sent))).toEqual(new Set(['Bearer at-1']))
      expect(auth.getAccessToken()).toBe('at-1')
    },
  )

  it('replays without a second refresh when a 401 lands after the refresh finished', async () => {
    // Jittered latencies, applied before the token check: many requests are rejected
    // for the old token after the new one is already in memory.
    backend.options.apiLatencyMs = () => Math.random() * 60
    backend.options.refreshLatencyMs = 5
    const { api, auth } = client()
    auth.setSession({ accessToken: 'stale' })

    const { fulfilled, rejected } = await settleAll(
      Array.from({ length: 200 }, (_, i) => api.get(`/api/data/${i}`)),
    )

    expect(rejected).toEqual([])
    expect(fulfilled).toHaveLength(200)
    expect(backend.state.refreshes).toBe(1)
    expect(backend.state.unauthorizedAfterIssue).toBeGreaterThan(0)
    expect(fulfilled.every((r) => r.data.sent === 'Bearer at-1')).toBe(true)
  })

  it('joins the refresh in flight when app code calls refresh() concurrently', async () => {
    const { api, auth } = client()
    auth.setSession({ accessToken: 'stale' })

    const [tokens, responses] = await Promise.all([
      Promise.all([auth.refresh(), auth.refresh(), auth.refresh()]),
      Promise.all([api.get('/api/data/a'), api.get('/api/data/b')]),
    ])

    expect(tokens).toEqual(['at-1', 'at-1', 'at-1'])
    expect(responses.map((response) => response.status)).toEqual([200, 200])
    expect(backend.state.refreshes).toBe(1)
  })

  it('restores a session after a reload: no token yet, the first 401 refreshes through the cookie', async () => {
    const { api, auth } = client()
    expect(auth.getAccessToken()).toBeNull()

    const responses = await Promise.all([api.get('/api/data/a'), api.get('/api/data/b')])

    expect(responses.map((r) => r.data.sent)).toEqual(['Bearer at-1', 'Bearer at-1'])
    expect(backend.state.refreshes).toBe(1)
  })
})

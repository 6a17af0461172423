import { isRefreshError, RefreshError, SessionExpiredError } from 'silent-refresh'
import { describe, expect, it } from 'vitest'
import { flavours } from './helpers/flavours'
import { useSdk } from './helpers/setup'
import { advance, rejectionOf, settleAll, until } from './helpers/time'

const fastRetry = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 }

describe.each(flavours)('refresh refused: the session has ended ($name)', (flavour) => {
  const t = useSdk({}, flavour)

  it.each([401, 403])(
    'refresh answered %i: every waiter rejects with SessionExpiredError, the event fires once',
    async (status) => {
      t.backend.state.faults.push(status)
      const { request, auth } = t.client()
      const expired: unknown[] = []
      const failed: unknown[] = []
      auth.on('sessionExpired', (event) => expired.push(event.error))
      auth.on('refreshFailed', (event) => failed.push(event.error))
      auth.setSession({ accessToken: 'stale' })

      const { fulfilled, rejected } = await settleAll(
        Array.from({ length: 20 }, (_, i) => request(`/api/data/${i}`)),
      )

      expect(fulfilled).toEqual([])
      expect(rejected).toHaveLength(20)
      for (const error of rejected) {
        expect(error).toBeInstanceOf(SessionExpiredError)
        expect(error).toMatchObject({ code: 'ERR_SESSION_EXPIRED' })
        expect((error as Error).message).toContain('/api/auth/refresh')
      }
      expect(expired).toHaveLength(1)
      expect(failed).toEqual([])
      expect(auth.getAccessToken()).toBeNull()
      expect(t.backend.state.refreshes).toBe(1)
    },
  )

  it('does not refresh on its own after the session ended; a later 401 rejects at once', async () => {
    t.backend.state.faults.push(401)
    const { request, auth } = t.client()
    auth.setSession({ accessToken: 'stale' })
    await until(request('/api/data/a')).catch(() => {})

    expect(await rejectionOf(request('/api/data/b'))).toBeInstanceOf(SessionExpiredError)
    expect(t.backend.state.refreshes).toBe(1)
  })
})

describe.each(flavours)('transient refresh failures ($name)', (flavour) => {
  const t = useSdk({}, flavour)

  it.each(['network', 503] as const)(
    '%s: retried with backoff, then waiters reject with RefreshError; the next request tries again',
    async (fault) => {
      t.backend.state.faults.push(fault, fault, fault)
      const { request, auth } = t.client({ retry: fastRetry, refreshTimeoutMs: 100 })
      const expired: unknown[] = []
      const failed: unknown[] = []
      auth.on('sessionExpired', (event) => expired.push(event))
      auth.on('refreshFailed', (event) => failed.push(event.error))
      auth.setSession({ accessToken: 'stale' })

      const { rejected } = await settleAll([request('/api/data/a'), request('/api/data/b')])

      expect(rejected).toHaveLength(2)
      for (const error of rejected) {
        expect(error).toBeInstanceOf(RefreshError)
        expect(error).toMatchObject({ code: 'ERR_REFRESH_FAILED' })
      }
      expect(t.backend.state.refreshes).toBe(3)
      expect(failed).toHaveLength(1)
      expect(expired).toEqual([])
      expect(auth.getAccessToken()).toBe('stale') // the session stays

      const reply = await until(request('/api/data/c'))
      expect(reply.data.sent).toBe('Bearer at-1')
      expect(t.backend.state.refreshes).toBe(4)
    },
  )

  it('a call that outlives its time limit is waited for by the next attempts, never sent again', async () => {
    t.backend.state.faults.push('hang')
    const { request, auth } = t.client({ retry: fastRetry, refreshTimeoutMs: 100 })
    auth.setSession({ accessToken: 'stale' })
    const started = Date.now()

    const error = await rejectionOf(request('/api/data/a'))

    expect(error).toMatchObject({ code: 'ERR_REFRESH_TIMEOUT' })
    expect(isRefreshError(error)).toBe(true)
    // Three attempts of 100 ms with two backoffs of at most 20 ms between: one call in all.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    expect(Date.now() - started).toBeLessThanOrEqual(340)
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('an answer that comes after the time limit but within the attempts is taken: no second call', async () => {
    t.backend.options.refreshLatencyMs = 150 // past one 100 ms limit, within the next
    const { request, auth } = t.client({ retry: fastRetry, refreshTimeoutMs: 100 })
    auth.setSession({ accessToken: 'stale' })

    const reply = await until(request('/api/data/a'))

    expect(reply.data.sent).toBe('Bearer at-1')
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('a single transient 503 followed by success loses no request', async () => {
    t.backend.state.faults.push(503)
    const { request, auth } = t.client({ retry: fastRetry })
    auth.setSession({ accessToken: 'stale' })

    const { fulfilled, rejected } = await settleAll(
      Array.from({ length: 50 }, (_, i) => request(`/api/data/${i}`)),
    )

    expect(rejected).toEqual([])
    expect(fulfilled).toHaveLength(50)
    expect(t.backend.state.refreshes).toBe(2)
  })

  it('does not retry a refresh answer that retrying cannot fix (400), and keeps the session', async () => {
    t.backend.state.faults.push(400)
    const { request, auth } = t.client({ retry: fastRetry })
    auth.setSession({ accessToken: 'stale' })

    expect(await rejectionOf(request('/api/data/a'))).toMatchObject({ code: 'ERR_REFRESH_FAILED' })
    expect(t.backend.state.refreshes).toBe(1)
    expect(auth.getAccessToken()).toBe('stale')
  })

  it('a refresh ahead of expiry that fails does not fail the requests that waited for it while the token is still valid', async () => {
    t.backend.state.faults.push('network', 'network', 'network')
    t.backend.accept('still-valid')
    const { request, auth } = t.client({ retry: fastRetry })
    auth.setSession({ accessToken: 'still-valid', expiresIn: 60_000 })
    const failed: unknown[] = []
    auth.on('refreshFailed', (event) => failed.push(event.error))

    const refreshing = auth.refresh() // as the refresh-ahead timer would
    const reply = await until(request('/api/data/x')) // waits for that refresh, which fails

    expect(await rejectionOf(refreshing)).toBeInstanceOf(RefreshError)
    expect(reply.data.sent).toBe('Bearer still-valid')
    expect(failed).toHaveLength(1)
    await advance(0)
  })
})

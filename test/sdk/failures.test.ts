import { RefreshError, SessionExpiredError } from 'silent-refresh'
import { describe, expect, it } from 'vitest'
import { settleAll, useBackend } from './helpers/setup'

const { backend, client } = useBackend()
const fastRetry = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 }

describe('refresh refused: the session has ended', () => {
  it.each([401, 403])(
    'refresh answered %i: every waiter rejects with SessionExpiredError, the event fires once',
    async (status) => {
      backend.state.faults.push(status)
      const { api, auth } = client()
      const expired: unknown[] = []
      const failed: unknown[] = []
      auth.on('sessionExpired', (event) => expired.push(event.error))
      auth.on('refreshFailed', (event) => failed.push(event.error))
      auth.setSession({ accessToken: 'stale' })

      const { fulfilled, rejected } = await settleAll(
        Array.from({ length: 20 }, (_, i) => api.get(`/api/data/${i}`)),
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
      expect(backend.state.refreshes).toBe(1)
    },
  )

  it('does not refresh on its own after the session ended; a later 401 rejects at once', async () => {
    backend.state.faults.push(401)
    const { api, auth } = client()
    auth.setSession({ accessToken: 'stale' })
    await api.get('/api/data/a').catch(() => {})

    const { rejected } = await settleAll([api.get('/api/data/b')])

    expect(rejected[0]).toBeInstanceOf(SessionExpiredError)
    expect(backend.state.refreshes).toBe(1)
  })
})

describe('transient refresh failures', () => {
  it.each(['network', 503, 'hang'] as const)(
    '%s: retried with backoff, then waiters reject with RefreshError',
    async (fault) => {
      backend.state.faults.push(fault, fault, fault)
      const { api, auth } = client({ retry: fastRetry, refreshTimeoutMs: 100 })
      const expired: unknown[] = []
      const failed: unknown[] = []
      auth.on('sessionExpired', (event) => expired.push(event))
      auth.on('refreshFailed', (event) => failed.push(event.error))
      auth.setSession({ accessToken: 'stale' })

      const { rejected } = await settleAll([api.get('/api/data/a'), api.get('/api/data/b')])

      expect(rejected).toHaveLength(2)
      for (const error of rejected) {
        expect(error).toBeInstanceOf(RefreshError)
        expect(error).toMatchObject({
          code: fault === 'hang' ? 'ERR_REFRESH_TIMEOUT' : 'ERR_REFRESH_FAILED',
        })
      }
      expect(backend.state.refreshes).toBe(3)
      expect(failed).toHaveLength(1)
      expect(expired).toEqual([])
      expect(auth.getAccessToken()).toBe('stale') // the session stays

      // The next request tries again, and this time the backend is back.
      const response = await api.get('/api/data/c')
      expect(response.data.sent).toBe('Bearer at-1')
      expect(backend.state.refreshes).toBe(4)
    },
  )

  it('a single transient 503 followed by success loses no request', async () => {
    backend.state.faults.push(503)
    const { api, auth } = client({ retry: fastRetry })
    auth.setSession({ accessToken: 'stale' })

    const { fulfilled, rejected } = await settleAll(
      Array.from({ length: 50 }, (_, i) => api.get(`/api/data/${i}`)),
    )

    expect(rejected).toEqual([])
    expect(fulfilled).toHaveLength(50)
    expect(backend.state.refreshes).toBe(2)
  })

  it('does not retry a refresh answer that retrying cannot fix (400), and keeps the session', async () => {
    backend.state.faults.push(400)
    const { api, auth } = client({ retry: fastRetry })
    auth.setSession({ accessToken: 'stale' })

    const { rejected } = await settleAll([api.get('/api/data/a')])

    expect(rejected[0]).toMatchObject({ code: 'ERR_REFRESH_FAILED' })
    expect(backend.state.refreshes).toBe(1)
    expect(auth.getAccessToken()).toBe('stale')
  })
})

describe('a refresh ahead of expiry that fails', () => {
  it('does not fail the requests that waited for it while the current token is still valid', async () => {
    backend.state.faults.push('network', 'network', 'network')
    backend.accept('still-valid')
    const { api, auth } = client({ retry: fastRetry })
    auth.setSession({ accessToken: 'still-valid', expiresIn: 60_000 })
    const failed: unknown[] = []
    auth.on('refreshFailed', (event) => failed.push(event.error))

    const refreshing = auth.refresh() // as the refresh-ahead timer would
    const response = await api.get('/api/data/x') // waits for that refresh, which fails

    await expect(refreshing).rejects.toBeInstanceOf(RefreshError)
    expect(response.data.sent).toBe('Bearer still-valid')
    expect(failed).toHaveLength(1)
  })
})

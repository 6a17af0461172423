import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMockBackend, type MockBackend } from '../../mock-server/backend'
import { DROP_CONNECTION_HEADER } from '../../mock-server/http/middleware/drop'
import type { MockBackendOptions } from '../../mock-server/protocol/options'
import { advanceWhenIdle, trackCryptoWork, until, useFakeTime } from '../sdk/helpers/time'
import { burst as burstNow, createHttpClient, type HttpClient } from './helpers/http-client'

// Fault injection against the real mock backend, one cookie jar per client, reached through msw
// on simulated time: the backend's latency, the SDK's time limits and backoff all run on the
// test's clock, so no outcome depends on how fast the machine is. Each case tells how every
// request ended and how many refreshes went out.

const SECRET = 'reliability-secret-reliability-secret'
const N = 8
const fastRetry = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 }

const msw = setupServer()
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }))
afterAll(() => msw.close())
beforeEach(() => useFakeTime())
const clients: HttpClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.auth.dispose()
  msw.resetHandlers()
  vi.useRealTimers()
})

let hosts = 0
/** The backend signs and verifies on libuv's thread pool: the clock waits for that work. */
const crypto = trackCryptoWork()
afterAll(() => crypto.restore())
const STEPS = { busy: crypto.busy }

/**
 * The mock backend on a host of its own. `restart()` is a server restart: a new backend with an
 * empty store behind the same URL, and the connections of the old one dropped (their requests
 * end in a network error, whenever their answer would have come).
 */
function serve(options: MockBackendOptions = {}) {
  const url = `http://faults-${++hosts}.test`
  const make = (more: MockBackendOptions) =>
    createMockBackend({ secret: SECRET, ...options, ...more })
  let backend: MockBackend = make({})
  let generation = 0
  msw.use(
    http.all(`${url}/*`, async ({ request }) => {
      const mine = generation
      const response = await backend.fetch(request)
      if (mine !== generation || response.headers.has(DROP_CONNECTION_HEADER))
        return HttpResponse.error()
      return response
    }),
  )
  return {
    url,
    get backend() {
      return backend
    },
    restart(more: MockBackendOptions = {}) {
      generation++
      backend = make(more)
    },
  }
}
type Server = ReturnType<typeof serve>

async function signedIn(server: Server, options = {}) {
  const client = createHttpClient(server.url, `reliability/${clients.length}`, {
    refreshAheadMs: false,
    retry: fastRetry,
    ...options,
  })
  clients.push(client)
  await until(client.auth.login({ username: 'admin', password: '123456' }), undefined, STEPS)
  return client
}

/** The server forgets the access tokens it issued: the next call of each gets a real 401. */
const expireAccess = (server: Server) =>
  server.backend.fetch(
    new Request(`${server.url}/__mock/expire-access`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin' }),
    }),
  )

/** Moves the clock on by `ms`, never ahead of the backend's work. */
const passes = (ms: number) => advanceWhenIdle(ms, crypto.busy)

/** `n` requests at once, run on the simulated clock until all have ended: how each ended. */
const burst = (client: HttpClient, n: number) => until(burstNow(client.api, n), undefined, STEPS)

describe('refresh latency beyond the SDK timeout', () => {
  it('every attempt times out: requests reject with ERR_REFRESH_TIMEOUT, the session stays; later all recover', async () => {
    const server = serve()
    const client = await signedIn(server, {
      refreshTimeoutMs: 150,
      retry: { ...fastRetry, attempts: 2 },
    })
    await expireAccess(server)
    await server.backend.configure({ latencyMs: 600 })

    expect(await burst(client, N)).toEqual(Array(N).fill('ERR_REFRESH_TIMEOUT'))
    // One refresh for all N: its second attempt waits for the same call (the server may already
    // have consumed the token), and the flight gives it up after the last one.
    expect(client.refreshCalls).toBe(1)
    expect(client.events).toEqual(['refreshFailed'])
    expect(client.auth.getAccessToken()).not.toBeNull()

    await server.backend.configure({ latencyMs: 0 })
    await passes(700) // the timed-out refreshes still finish on the server: one rotation, one grace answer
    expect(await burst(client, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(2)
    // The server rotated for a client that never heard of it; the old cookie still converges.
    expect(await server.backend.stats()).toMatchObject({ rotations: 1, reuseDetected: 0 })
    expect(client.events).toEqual(['refreshFailed', 'refreshed'])
  })
})

describe('refresh answered 5xx', () => {
  it.each([
    [500, 1],
    [503, 2],
  ])('%i for %i attempt(s): retried, no request lost, one rotation', async (status, times) => {
    const server = serve()
    const client = await signedIn(server)
    await expireAccess(server)
    await server.backend.configure({ failRefresh: { status, times } })

    expect(await burst(client, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(times + 1)
    expect(await server.backend.stats()).toMatchObject({ rotations: 1, graceReuses: 0 })
    expect(client.events).toEqual(['refreshed'])
  })

  it('503 outlasting the retries: RefreshError for all, the session stays, the next request recovers', async () => {
    const server = serve()
    const client = await signedIn(server)
    await expireAccess(server)
    await server.backend.configure({ failRefresh: { status: 503, times: 3 } })

    expect(await burst(client, N)).toEqual(Array(N).fill('ERR_REFRESH_FAILED'))
    expect(client.refreshCalls).toBe(3)
    expect(client.auth.getAccessToken()).not.toBeNull()

    expect(await burst(client, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(4)
    expect(client.events).toEqual(['refreshFailed', 'refreshed'])
  })
})

describe('the server closes the connection mid-refresh', () => {
  it('the rotation happened but its answer was lost: the retry converges in the grace window', async () => {
    const server = serve()
    const client = await signedIn(server)
    await expireAccess(server)
    await server.backend.configure({ dropRefresh: 1 })

    expect(await burst(client, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(2)
    expect(await server.backend.stats()).toMatchObject({
      rotations: 1,
      graceReuses: 1,
      reuseDetected: 0,
    })
    expect(client.events).toEqual(['refreshed'])
  })

  it('every attempt loses its answer: RefreshError, no session expiry, and the next try still gets in', async () => {
    const server = serve()
    const client = await signedIn(server)
    await expireAccess(server)
    await server.backend.configure({ dropRefresh: 3 })

    expect(await burst(client, N)).toEqual(Array(N).fill('ERR_REFRESH_FAILED'))
    expect(client.refreshCalls).toBe(3)
    expect(await burst(client, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(4)
    expect(await server.backend.stats()).toMatchObject({ rotations: 1, reuseDetected: 0 })
    expect(client.events).toEqual(['refreshFailed', 'refreshed'])
  })
})

describe('the server restarts with an empty store', () => {
  it('mid-refresh: the retry meets the new server, whose 401 ends the session cleanly', async () => {
    const server = serve({ accessTtlMs: 300 })
    // A backoff long enough for the restart, so the retry finds the new server.
    const client = await signedIn(server, { retry: { ...fastRetry, baseDelayMs: 400 } })
    await passes(400) // the SDK knows its token expired: the requests wait for one refresh
    await server.backend.configure({ latencyMs: 5_000 })

    const requests = burstNow(client.api, N)
    await passes(200)
    expect(client.refreshCalls).toBe(1)
    expect(client.calls.get('/api/employees')).toBeUndefined()
    server.restart() // drops the connection of the refresh in flight

    expect(await until(requests, undefined, STEPS)).toEqual(Array(N).fill('ERR_SESSION_EXPIRED'))
    expect(client.refreshCalls).toBe(2)
    expect(await server.backend.stats()).toMatchObject({ refreshes: 0, unauthorized: 1 })
    expect(client.events).toEqual(['sessionExpired'])
    expect(client.auth.getAccessToken()).toBeNull()
    // Ended means ended: the next request rejects without another refresh.
    expect(await burst(client, 2)).toEqual(Array(2).fill('ERR_SESSION_EXPIRED'))
    expect(client.refreshCalls).toBe(2)
  })
})

describe('clock skew between client and server', () => {
  it.each([
    ['ahead', 10 * 60_000],
    ['behind', -10 * 60_000],
  ])(
    'server 10 minutes %s: expiry is measured from expiresIn, not the JWT exp',
    async (_, skew) => {
      const server = serve({ accessTtlMs: 600, now: () => Date.now() + skew })
      const client = await signedIn(server)

      expect(await burst(client, N)).toEqual(Array(N).fill('ok'))
      expect(client.refreshCalls).toBe(0) // behind: the JWT exp is already past, yet no refresh
      await passes(700) // the token's 600 ms are over
      expect(await burst(client, N)).toEqual(Array(N).fill('ok'))
      expect(client.refreshCalls).toBe(1) // ahead: the JWT exp is 10 min away, yet one refresh…
      expect((await server.backend.stats()).unauthorized).toBe(0) // …before the requests, not after a 401
      expect(client.events).toEqual(['refreshed'])
    },
  )
})

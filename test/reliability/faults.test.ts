import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type RunningMockServer,
  type StartMockServerOptions,
  startMockServer,
} from '../../mock-server/adapters/node-server'
import { burst, createHttpClient, type HttpClient } from './helpers/http-client'

// Fault injection against the real Node mock server over real HTTP, one cookie jar per client.
// Each case tells how every request ended and how many refreshes went out.

const SECRET = 'reliability-secret-reliability-secret'
const N = 8
const fastRetry = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 }

let servers: RunningMockServer[] = []
const clients: HttpClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.auth.dispose()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function serve(options: StartMockServerOptions = {}) {
  const server = await startMockServer({ port: 0, secret: SECRET, ...options })
  servers.push(server)
  return server
}

async function signedIn(server: RunningMockServer, options = {}) {
  const client = createHttpClient(server.url, `reliability/${clients.length}`, {
    refreshAheadMs: false,
    retry: fastRetry,
    ...options,
  })
  clients.push(client)
  await client.auth.login({ username: 'admin', password: '123456' })
  return client
}

/** The server forgets the access tokens it issued: the next call of each gets a real 401. */
const expireAccess = (server: RunningMockServer) =>
  fetch(`${server.url}/__mock/expire-access`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin' }),
  })

describe('refresh latency beyond the SDK timeout', () => {
  it('every attempt times out: requests reject with ERR_REFRESH_TIMEOUT, the session stays; later all recover', async () => {
    const server = await serve()
    const client = await signedIn(server, {
      refreshTimeoutMs: 150,
      retry: { ...fastRetry, attempts: 2 },
    })
    await expireAccess(server)
    await server.backend.configure({ latencyMs: 600 })

    expect(await burst(client.api, N)).toEqual(Array(N).fill('ERR_REFRESH_TIMEOUT'))
    // One refresh for all N: its second attempt waits for the same call (the server may already
    // have consumed the token), and the flight gives it up after the last one.
    expect(client.refreshCalls).toBe(1)
    expect(client.events).toEqual(['refreshFailed'])
    expect(client.auth.getAccessToken()).not.toBeNull()

    await server.backend.configure({ latencyMs: 0 })
    await sleep(700) // the timed-out refreshes still finish on the server: one rotation, one grace answer
    expect(await burst(client.api, N)).toEqual(Array(N).fill('ok'))
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
    const server = await serve()
    const client = await signedIn(server)
    await expireAccess(server)
    await server.backend.configure({ failRefresh: { status, times } })

    expect(await burst(client.api, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(times + 1)
    expect(await server.backend.stats()).toMatchObject({ rotations: 1, graceReuses: 0 })
    expect(client.events).toEqual(['refreshed'])
  })

  it('503 outlasting the retries: RefreshError for all, the session stays, the next request recovers', async () => {
    const server = await serve()
    const client = await signedIn(server)
    await expireAccess(server)
    await server.backend.configure({ failRefresh: { status: 503, times: 3 } })

    expect(await burst(client.api, N)).toEqual(Array(N).fill('ERR_REFRESH_FAILED'))
    expect(client.refreshCalls).toBe(3)
    expect(client.auth.getAccessToken()).not.toBeNull()

    expect(await burst(client.api, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(4)
    expect(client.events).toEqual(['refreshFailed', 'refreshed'])
  })
})

describe('the server closes the connection mid-refresh', () => {
  it('the rotation happened but its answer was lost: the retry converges in the grace window', async () => {
    const server = await serve()
    const client = await signedIn(server)
    await expireAccess(server)
    await server.backend.configure({ dropRefresh: 1 })

    expect(await burst(client.api, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(2)
    expect(await server.backend.stats()).toMatchObject({
      rotations: 1,
      graceReuses: 1,
      reuseDetected: 0,
    })
    expect(client.events).toEqual(['refreshed'])
  })

  it('every attempt loses its answer: RefreshError, no session expiry, and the next try still gets in', async () => {
    const server = await serve()
    const client = await signedIn(server)
    await expireAccess(server)
    await server.backend.configure({ dropRefresh: 3 })

    expect(await burst(client.api, N)).toEqual(Array(N).fill('ERR_REFRESH_FAILED'))
    expect(client.refreshCalls).toBe(3)
    expect(await burst(client.api, N)).toEqual(Array(N).fill('ok'))
    expect(client.refreshCalls).toBe(4)
    expect(await server.backend.stats()).toMatchObject({ rotations: 1, reuseDetected: 0 })
    expect(client.events).toEqual(['refreshFailed', 'refreshed'])
  })
})

describe('the server restarts with an empty store', () => {
  it('mid-refresh: the retry meets the new server, whose 401 ends the session cleanly', async () => {
    const first = await serve({ accessTtlMs: 300 })
    // A backoff long enough for the restart, so the retry finds the new server listening.
    const client = await signedIn(first, { retry: { ...fastRetry, baseDelayMs: 400 } })
    await sleep(400) // the SDK knows its token expired: the requests wait for one refresh
    await first.backend.configure({ latencyMs: 5_000 })
    const port = Number(new URL(first.url).port)

    const requests = burst(client.api, N)
    await sleep(200)
    expect(client.refreshCalls).toBe(1)
    expect(client.calls.get('/api/employees')).toBeUndefined()
    await first.close() // drops the connection of the refresh in flight
    servers = servers.filter((server) => server !== first)
    const second = await serve({ port })

    expect(await requests).toEqual(Array(N).fill('ERR_SESSION_EXPIRED'))
    expect(client.refreshCalls).toBe(2)
    expect(await second.backend.stats()).toMatchObject({ refreshes: 0, unauthorized: 1 })
    expect(client.events).toEqual(['sessionExpired'])
    expect(client.auth.getAccessToken()).toBeNull()
    // Ended means ended: the next request rejects without another refresh.
    expect(await burst(client.api, 2)).toEqual(Array(2).fill('ERR_SESSION_EXPIRED'))
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
      const server = await serve({ accessTtlMs: 600, now: () => Date.now() + skew })
      const client = await signedIn(server)

      expect(await burst(client.api, N)).toEqual(Array(N).fill('ok'))
      expect(client.refreshCalls).toBe(0) // behind: the JWT exp is already past, yet no refresh
      await sleep(700) // the token's 600 ms are over
      expect(await burst(client.api, N)).toEqual(Array(N).fill('ok'))
      expect(client.refreshCalls).toBe(1) // ahead: the JWT exp is 10 min away, yet one refresh…
      expect((await server.backend.stats()).unauthorized).toBe(0) // …before the requests, not after a 401
      expect(client.events).toEqual(['refreshed'])
    },
  )
})

import type { EventEmitter } from 'node:events'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningMockServer } from '../../mock-server/adapters/node-server'
import { startMockServer } from '../../mock-server/adapters/node-server'
import { connectOwnClient } from '../../mock-server/adapters/redis-connection'
import { createRedisStore } from '../../mock-server/adapters/redis-store'
import { type Answer, type Client, createClient } from './helpers/client'
import { type Clock, createClock } from './helpers/clock'
import { CookieJar } from './helpers/cookie-jar'
import { type RedisServer, startRedisServer } from './helpers/redis-server'
import { urlTransport } from './helpers/transports'

// Two Node mock servers sharing one real redis-server and one secret are one backend (issue #14:
// findings 7-9 and the multi-instance proofs). Both backends share a test clock, so the grace
// window passes without waiting; Redis's own TTLs (minutes here) run on real time.

const SECRET = 'a shared secret of at least thirty-two bytes'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(() => redis.close())

let clock: Clock
/** Each instance's connection, made as `createRedisStore({ url })` makes it (its reconnects too). */
let connections: Array<ReturnType<typeof connectOwnClient>>
let a: RunningMockServer
let b: RunningMockServer
let runs = 0

beforeEach(async () => {
  clock = createClock()
  const prefix = `multi-${++runs}:` // one backend per test, side by side in one Redis
  connections = [0, 1].map(() => connectOwnClient(redis.url, 5_000))
  const stores = await Promise.all(
    connections.map(async ({ ready }) =>
      createRedisStore({ client: await ready, prefix, commandTimeoutMs: 500 }),
    ),
  )
  const servers = await Promise.all(
    stores.map((store) =>
      startMockServer({ port: 0, store, secret: SECRET, now: clock.now, reuseGraceMs: 10_000 }),
    ),
  )
  ;[a, b] = servers as [RunningMockServer, RunningMockServer]
})
afterEach(async () => {
  await Promise.all([a.close(), b.close()])
  await Promise.all(connections.map((connection) => connection.close()))
})

/** One browser (one cookie jar, one User-Agent) reaching both instances, as behind a balancer. */
function browser(userAgent = 'balanced-browser/1.0') {
  const jar = new CookieJar(clock.now)
  return {
    onA: createClient(urlTransport(a.url, a.backend), { jar, userAgent }),
    onB: createClient(urlTransport(b.url, b.backend), { jar, userAgent }),
  }
}

const statuses = (answers: readonly Answer[]) => answers.map((answer) => answer.status)
const rtOf = (answer: Answer) =>
  answer.setCookies.find((line) => line.startsWith('rt='))?.split(';')[0]

async function acceptedOnBoth(client: { onA: Client; onB: Client }, token: string) {
  const [onA, onB] = await Promise.all([client.onA.employees(token), client.onB.employees(token)])
  return [onA.status, onB.status]
}

describe('two instances on one Redis', () => {
  it('turns 50 concurrent refreshes of one cookie, split between them, into one rotation', async () => {
    const { onA, onB } = browser()
    await onA.login()
    const cookie = `rt=${onA.rt()}`
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? onA : onB).refresh({ headers: { Cookie: cookie } }),
      ),
    )
    expect(statuses(answers)).toEqual(Array(50).fill(200))
    expect(new Set(answers.map(rtOf)).size).toBe(1)
    expect(rtOf(answers[0] as Answer)).not.toBe(cookie)
    expect(await b.backend.stats()).toMatchObject({ rotations: 1, graceReuses: 49, refreshes: 50 })
  })

  it('revokes on both a family issued on A when B sees its token reused after grace', async () => {
    const client = browser()
    const login = await client.onA.login()
    const loginCookie = `rt=${client.onA.rt()}`
    const rotated = await client.onA.refresh()
    clock.advance(10_001)
    const reuse = await client.onB.refresh({ headers: { Cookie: loginCookie } })
    expect(reuse.status).toBe(401)
    expect((await a.backend.stats()).reuseDetected).toBe(1)
    for (const answer of [login, rotated])
      expect(await acceptedOnBoth(client, answer.body.data.token)).toEqual([401, 401])
    expect((await client.onA.refresh()).status).toBe(401)
  })

  it('rejects on B a token logged out on A', async () => {
    const client = browser()
    const { token } = (await client.onA.login()).body.data
    expect(await acceptedOnBoth(client, token)).toEqual([200, 200])
    expect((await client.onA.logout(token)).status).toBe(200)
    expect(await acceptedOnBoth(client, token)).toEqual([401, 401])
    expect((await client.onB.refresh()).status).toBe(401)
  })

  it('leaves no working token when a logout on A races a refresh on B (40 runs)', async () => {
    const survivors: string[] = []
    for (let run = 0; run < 40; run++) {
      const client = browser(`racer/${run}`)
      const { token } = (await client.onA.login()).body.data
      const cookie = `rt=${client.onA.rt()}`
      const [, refreshed] = await Promise.all([
        client.onA.logout(token),
        client.onB.refresh({ headers: { Cookie: cookie } }),
      ])
      const tokens = [token, refreshed.status === 200 ? refreshed.body.data.token : undefined]
      for (const candidate of tokens) {
        if (!candidate) continue
        const accepted = await acceptedOnBoth(client, candidate)
        if (accepted.includes(200)) survivors.push(`run ${run}: ${accepted}`)
      }
      const next = rtOf(refreshed) ?? cookie
      const again = await client.onA.refresh({ headers: { Cookie: next } })
      if (again.status !== 401) survivors.push(`run ${run}: refresh cookie still works`)
    }
    expect(survivors).toEqual([])
  })

  it('shares the development controls: config, counters and reset act on the whole backend', async () => {
    const client = browser()
    await client.onA.login()
    const config = await client.onA.call('POST', '/__mock/config', {
      json: { failRefresh: { status: 503, times: 1 }, reuseGraceMs: 2_000 },
    })
    expect(config.status).toBe(200)
    expect((await client.onB.call('GET', '/__mock/config')).body).toMatchObject({
      data: { reuseGraceMs: 2_000, failRefresh: { status: 503, times: 1 } },
    })
    expect((await client.onB.refresh()).status).toBe(503) // the failure A was told to inject
    expect((await client.onB.refresh()).status).toBe(200) // used up, on either instance
    expect((await client.onA.call('GET', '/__mock/stats')).body.data).toMatchObject({
      logins: 1,
      refreshes: 1,
    })

    const foreign = await createRedisStore({ url: redis.url, prefix: 'someone-else:' })
    await foreign.set('keep', 1, 60_000)
    expect((await client.onB.call('POST', '/__mock/reset')).status).toBe(200)
    expect((await client.onA.refresh()).status).toBe(401) // the session went for both
    expect((await client.onA.call('GET', '/__mock/stats')).body.data).toMatchObject({ logins: 0 })
    expect((await client.onA.call('GET', '/__mock/config')).body.data).toMatchObject({
      reuseGraceMs: 10_000,
    })
    expect(await foreign.get('keep')).toBe(1) // never a whole Redis database
    await foreign.clear()
    await foreign.close()
  })
})

describe('two instances when Redis fails', () => {
  /** Both instances' clients connected again: node-redis emits 'ready' after each reconnect. */
  const reconnected = () =>
    Promise.all(
      connections.map(async ({ ready }) => {
        const client = (await ready) as unknown as EventEmitter
        await new Promise((resolve) => client.once('ready', resolve))
      }),
    )

  it('answers 503 with Retry-After while Redis restarts, never 500, and recovers after', async () => {
    const client = browser()
    const { token } = (await client.onA.login()).body.data
    await redis.stop()
    const during = await Promise.all([
      client.onA.login(),
      client.onB.refresh(),
      client.onA.employees(token),
      client.onB.call('GET', '/__mock/stats'),
    ])
    expect(statuses(during)).toEqual([503, 503, 503, 503])
    for (const answer of during) {
      expect(answer.headers.get('retry-after')).toBe('1')
      expect(answer.body).toMatchObject({ code: 503, data: null })
      expect(answer.body.message).toMatch(/session store is unavailable/)
    }
    const back = reconnected()
    await redis.start() // empty: persistence is off, as the sessions were memory only
    await back // the clients reconnect on their own

    expect(statuses([await client.onA.login(), await client.onB.login()])).toEqual([200, 200])
    expect((await client.onA.refresh()).status).toBe(200)
  })

  it('answers 503 when Redis hangs (a bounded command time), and carries on when it wakes', async () => {
    const client = browser()
    await client.onA.login()
    redis.pause()
    try {
      const during = await Promise.all([client.onA.refresh(), client.onB.login()])
      expect(statuses(during)).toEqual([503, 503])
    } finally {
      redis.resume()
    }
    // The connections stayed open: the first call after the wake is answered.
    expect((await client.onB.login()).status).toBe(200)
  })
})

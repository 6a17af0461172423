import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { startMockServer } from '../mock-server/adapters/node-server'
import { createRedisStore } from '../mock-server/adapters/redis-store'
import type { RuntimeConfigPatch } from '../mock-server/protocol/config'
import { startRedisServer } from '../test/mock-server/helpers/redis-server'
import {
  createHttpClient,
  type HttpClient,
  outcomeOf,
} from '../test/reliability/helpers/http-client'

// `npm run soak`: 200 simulated browsers (each its own cookie jar, device and SDK instance)
// against the Node mock server on loopback, with a short access TTL and injected faults, making
// requests continuously. Bounded by time and by count. Exits 1 if a request was lost (never
// settled) or a session expired although no fault ends one.
//   SOAK_SECONDS (default 120), SOAK_CLIENTS (200), SOAK_MAX_REQUESTS (1,000,000)
// `npm run soak -- --instances 2 --redis`: that many servers sharing one Redis (a redis-server
// of its own on a free port, or the one at --redis-url), the clients spread across them.

const { values: flags } = parseArgs({
  options: {
    instances: { type: 'string', default: '1' },
    redis: { type: 'boolean', default: false },
    'redis-url': { type: 'string' },
  },
})
const instanceCount = Number(flags.instances)
const useRedis = flags.redis || flags['redis-url'] !== undefined
if (!Number.isInteger(instanceCount) || instanceCount < 1) throw new Error('--instances: 1 or more')
if (instanceCount > 1 && !useRedis)
  throw new Error('--instances 2 needs --redis: instances share sessions through the store')

const seconds = Number(process.env.SOAK_SECONDS ?? 120)
const clientCount = Number(process.env.SOAK_CLIENTS ?? 200)
const maxRequests = Number(process.env.SOAK_MAX_REQUESTS ?? 1_000_000)
/** Requests still open this long after the deadline count as lost. */
const DRAIN_MS = 20_000

const ACCESS_TTL_MS = 5_000
const REFRESH_TIMEOUT_MS = 1_000

/**
 * One fault at a time, each over before the next begins, so a refresh the server is still
 * working on after its client gave up lands while the client's cookie is at most one rotation
 * ahead (inside the grace window), as with a real network hiccup.
 */
const faults: Array<{ name: string; set: RuntimeConfigPatch | 'expire-access'; forMs: number }> = [
  {
    name: '503 for the next 40 refreshes',
    set: { failRefresh: { status: 503, times: 40 } },
    forMs: 0,
  },
  { name: 'lose the answers of the next 40 refreshes', set: { dropRefresh: 40 }, forMs: 0 },
  { name: 'latency 1.5 s (over the refresh timeout)', set: { latencyMs: 1_500 }, forMs: 2_000 },
  {
    name: '500 for the next 40 refreshes',
    set: { failRefresh: { status: 500, times: 40 } },
    forMs: 0,
  },
  { name: 'access tokens of one user revoked', set: 'expire-access', forMs: 0 },
]
const FAULT_EVERY_MS = 6_000

const redisServer = useRedis && !flags['redis-url'] ? await startRedisServer() : undefined
const redisUrl = flags['redis-url'] ?? redisServer?.url
const secret = randomBytes(32) // shared, so every instance accepts the others' tokens
const stores = await Promise.all(
  Array.from({ length: redisUrl ? instanceCount : 0 }, () =>
    createRedisStore({ url: redisUrl as string, prefix: `soak-${process.pid}:` }),
  ),
)
const servers = await Promise.all(
  Array.from({ length: instanceCount }, (_, i) =>
    startMockServer({ port: 0, accessTtlMs: ACCESS_TTL_MS, secret, store: stores[i] }),
  ),
)
const [server] = servers as [Awaited<ReturnType<typeof startMockServer>>]
await server.backend.reset() // a Redis given by URL may hold an earlier run's keys
if (servers.some((s) => new URL(s.url).hostname !== '127.0.0.1'))
  throw new Error('the soak runs on loopback only')

const clients: HttpClient[] = []
for (let i = 0; i < clientCount; i++) {
  const client = createHttpClient(servers[i % instanceCount]?.url ?? '', `soak-browser/${i}`, {
    refreshAheadMs: 1_000,
    refreshTimeoutMs: REFRESH_TIMEOUT_MS,
    retry: { attempts: 4, baseDelayMs: 200, maxDelayMs: 1_500 },
  })
  clients.push(client)
}
await Promise.all(
  clients.map((client, i) =>
    client.auth.login(
      i % 2
        ? { username: 'alice', password: 'wonderland' }
        : { username: 'admin', password: '123456' },
    ),
  ),
)
const where = redisUrl ? `${instanceCount} instance(s) on Redis ${redisUrl}` : server.url
console.error(`soak: ${clientCount} clients signed in to ${where}; running ${seconds} s`)

const started = Date.now()
const deadline = started + seconds * 1000
let made = 0
let settled = 0
const outcomes = new Map<string, number>()
const faultLog: string[] = []

async function browse(client: HttpClient): Promise<void> {
  while (Date.now() < deadline && made < maxRequests) {
    made++
    const [result] = await Promise.allSettled([client.api.get('/api/employees')])
    settled++
    const outcome = outcomeOf(result as PromiseSettledResult<unknown>)
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    await sleep(50 + Math.random() * 450)
  }
}

async function injectFaults(): Promise<void> {
  for (let i = 0; Date.now() + FAULT_EVERY_MS < deadline; i++) {
    await sleep(FAULT_EVERY_MS)
    const fault = faults[i % faults.length]
    if (!fault) continue
    faultLog.push(fault.name)
    if (fault.set === 'expire-access') {
      await fetch(`${server.url}/__mock/expire-access`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: i % 2 ? 'alice' : 'admin' }),
      })
    } else await server.backend.configure(fault.set)
    if (fault.forMs) {
      await sleep(fault.forMs)
      await server.backend.configure({ latencyMs: 0 })
    }
  }
}

const browsing = Promise.all([...clients.map(browse), injectFaults()])
const progress = setInterval(async () => {
  const elapsed = Math.round((Date.now() - started) / 1000)
  const { refreshes } = await server.backend.stats()
  console.error(`… ${elapsed} s, ${made} requests, ${refreshes} refreshes`)
}, 15_000)
await Promise.race([browsing, sleep(seconds * 1000 + DRAIN_MS)])
clearInterval(progress)
const elapsedS = (Date.now() - started) / 1000

const stats = await server.backend.stats()
const sum = (pick: (client: HttpClient) => number) => clients.reduce((n, c) => n + pick(c), 0)
const count = (event: string) => sum((c) => c.events.filter((e) => e === event).length)
const lost = made - settled
const expiries = count('sessionExpired')
const failed = [...outcomes].filter(([outcome]) => outcome !== 'ok')

const rows: Array<[string, string | number]> = [
  ['clients (own cookie jar, device, SDK instance)', clientCount],
  ['server instances (store)', `${instanceCount} (${redisUrl ? 'Redis' : 'memory'})`],
  ['duration', `${elapsedS.toFixed(0)} s`],
  ['access-token TTL / SDK refresh timeout', `${ACCESS_TTL_MS} ms / ${REFRESH_TIMEOUT_MS} ms`],
  ['faults injected', faultLog.length],
  ['requests made', made],
  ['succeeded', outcomes.get('ok') ?? 0],
  ['failed', settled - (outcomes.get('ok') ?? 0)],
  ...failed.map(([cause, n]): [string, number] => [`  failed: ${cause}`, n]),
  ['lost (never settled)', lost],
  ['refresh calls sent by the SDKs', sum((c) => c.refreshCalls)],
  ['refreshes answered with tokens (server)', stats.refreshes],
  ['rotations', stats.rotations],
  ['grace reuses', stats.graceReuses],
  ['reuse detections', stats.reuseDetected],
  ['401 answers (server)', stats.unauthorized],
  ['refreshFailed events (transient, session kept)', count('refreshFailed')],
  ['session expiries', expiries],
]
console.log('| measure | value |\n|---|---|')
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`)

for (const client of clients) client.auth.dispose()
await Promise.all(servers.map((s) => s.close()))
if (stores[0]) await stores[0].clear()
await Promise.all(stores.map((store) => store.close()))
await redisServer?.close()
const ok = lost === 0 && expiries === 0
console.error(ok ? 'soak: target met' : 'soak: TARGET MISSED (lost requests or session expiries)')
process.exit(ok ? 0 : 1)

import { setTimeout as sleep } from 'node:timers/promises'
import { startMockServer } from '../mock-server/adapters/node-server'
import type { RuntimeConfigPatch } from '../mock-server/protocol/config'
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

const server = await startMockServer({ host: '127.0.0.1', port: 0, accessTtlMs: ACCESS_TTL_MS })
if (new URL(server.url).hostname !== '127.0.0.1') throw new Error('the soak runs on loopback only')

const clients: HttpClient[] = []
for (let i = 0; i < clientCount; i++) {
  const client = createHttpClient(server.url, `soak-browser/${i}`, {
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
console.error(`soak: ${clientCount} clients signed in to ${server.url}; running ${seconds} s`)

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
await server.close()
const ok = lost === 0 && expiries === 0
console.error(ok ? 'soak: target met' : 'soak: TARGET MISSED (lost requests or session expiries)')
process.exit(ok ? 0 : 1)

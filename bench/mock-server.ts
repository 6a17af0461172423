import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import autocannon, { type Client, type Result } from 'autocannon'
import { startRedisServer } from '../test/mock-server/helpers/redis-server'
import { median } from './fresh-process'

export const LOAD = { connections: 10, durationS: 4, warmUpS: 1, rounds: 3 }

const serversScript = fileURLToPath(new URL('./servers.ts', import.meta.url))
const cookieOf = (setCookie: string) => setCookie.split(';')[0] ?? ''

/** A server process: its URL, and its pid for CPU accounting. */
interface Running {
  url: string
  child: ChildProcess
}

async function startServer(...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', serversScript, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const [line] = (await once(createInterface({ input: child.stdout as never }), 'line')) as [string]
  return { url: (JSON.parse(line) as { url: string }).url, child }
}

/** CPU time (user + system) a process has used so far, in ms (Linux: /proc). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks at 100 Hz
}

async function signIn(url: string, device: number) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': `bench-device-${device}` },
    body: JSON.stringify({ username: 'admin', password: '123456' }),
  })
  const setCookie = response.headers.get('set-cookie')
  if (!response.ok || !setCookie) throw new Error(`login answered ${response.status}`)
  const { data } = (await response.json()) as { data: { token: string } }
  return { cookie: cookieOf(setCookie), token: data.token }
}

/**
 * Each connection refreshes one session in a chain: every request sends the refresh token the
 * previous answer set, so every request is a real rotation (never a grace-window reuse).
 */
function rotateOnePerConnection(sessions: Array<{ cookie: string }>) {
  let next = 0
  return (client: Client) => {
    const session = sessions[next++ % sessions.length] as { cookie: string }
    client.setRequests([
      {
        method: 'POST',
        path: '/api/auth/refresh',
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, Cookie: session.cookie, 'X-Requested-With': 'bench' },
        }),
        onResponse: (status, _body, _context, headers) => {
          const setCookie = headers['set-cookie'] ?? headers['Set-Cookie']
          if (status === 200 && typeof setCookie === 'string') session.cookie = cookieOf(setCookie)
        },
      },
    ])
  }
}

export interface LoadRun {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  failed: number
  /** CPU time of the server processes (and redis-server) per request, in µs. */
  cpuUsPerRequest: number
}

/** One autocannon run against `urls` (connections spread over them), with CPU accounting. */
async function load(
  urls: string[],
  pids: Array<number | undefined>,
  options: { path?: string; headers?: Record<string, string>; setupClient?: (c: Client) => void },
  durationS: number,
): Promise<LoadRun> {
  const cpuOf = () => pids.reduce<number>((sum, pid) => sum + cpuMs(pid), 0)
  const cpuBefore = cpuOf()
  const targets = urls.map((url) => url + (options.path ?? ''))
  const result: Result = await autocannon({
    // autocannon spreads the connections over several URLs.
    url: (targets.length === 1 ? targets[0] : targets) as string,
    connections: LOAD.connections,
    duration: durationS,
    headers: options.headers,
    setupClient: options.setupClient,
  })
  const cpu = cpuOf() - cpuBefore
  const requests = result.requests.total
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    cpuUsPerRequest: requests ? (cpu * 1000) / requests : 0,
  }
}

type Workload = 'get' | 'refresh'

/** Fresh sessions per run: a run that stops drops answers in flight, breaking cookie chains. */
async function workload(
  kind: Workload,
  urls: string[],
  pids: Array<number | undefined>,
  s: number,
) {
  const sessions = await Promise.all(
    Array.from({ length: LOAD.connections }, (_, i) => signIn(urls[i % urls.length] ?? '', i)),
  )
  if (kind === 'refresh')
    return load(urls, pids, { setupClient: rotateOnePerConnection(sessions) }, s)
  const headers = { Authorization: `Bearer ${sessions[0]?.token}` }
  return load(urls, pids, { path: '/api/employees', headers }, s)
}

export interface StoreSetupResult {
  name: string
  get: LoadRun
  refresh: LoadRun
  /** Medians over rounds of the per-round ratio to "hello". */
  getRatio: number
  refreshRatio: number
}

export interface MockServerResult {
  rounds: number
  hello: LoadRun
  setups: StoreSetupResult[]
}

const medianRun = (runs: LoadRun[]): LoadRun => ({
  requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
  p50Ms: median(runs.map((r) => r.p50Ms)),
  p99Ms: median(runs.map((r) => r.p99Ms)),
  failed: runs.reduce((sum, r) => sum + r.failed, 0),
  cpuUsPerRequest: median(runs.map((r) => r.cpuUsPerRequest)),
})

/**
 * Refresh rotations/s and protected GET/s with the memory store, the Redis store, and two
 * instances sharing Redis, each as a ratio to a bare Hono "hello" measured in the same round.
 * Every server is its own process; autocannon runs here; redis-server is started for the run.
 */
export async function measureMockServer(): Promise<MockServerResult> {
  const redis = await startRedisServer()
  const secret = randomBytes(32).toString('hex')
  const processes = await Promise.all([
    startServer('hello'),
    startServer('mock'),
    startServer('mock', redis.url, secret),
    startServer('mock', redis.url, secret),
  ])
  const [hello, memory, redisA, redisB] = processes as [Running, Running, Running, Running]
  const setups = [
    { name: 'memory store', servers: [memory] },
    { name: 'Redis store', servers: [redisA] },
    { name: 'Redis store, 2 instances', servers: [redisA, redisB] },
  ]
  const runs = {
    hello: [] as LoadRun[],
    ...Object.fromEntries(
      setups.map((s) => [s.name, { get: [] as LoadRun[], refresh: [] as LoadRun[] }]),
    ),
  } as { hello: LoadRun[] } & Record<string, { get: LoadRun[]; refresh: LoadRun[] }>
  const ratios = new Map<string, number[]>()
  const ratio = (key: string, value: number) => ratios.set(key, [...(ratios.get(key) ?? []), value])
  try {
    for (let round = 0; round < LOAD.rounds; round++) {
      await load([hello.url], [hello.child.pid], {}, LOAD.warmUpS)
      const helloRun = await load([hello.url], [hello.child.pid], {}, LOAD.durationS)
      runs.hello.push(helloRun)
      for (const setup of setups) {
        const urls = setup.servers.map((s) => s.url)
        const pids = [
          ...setup.servers.map((s) => s.child.pid),
          ...(setup.name.startsWith('Redis') ? [redis.pid] : []),
        ]
        for (const kind of ['get', 'refresh'] as const) {
          await workload(kind, urls, pids, LOAD.warmUpS)
          const run = await workload(kind, urls, pids, LOAD.durationS)
          runs[setup.name]?.[kind].push(run)
          ratio(`${setup.name} ${kind}`, run.requestsPerSecond / helloRun.requestsPerSecond)
        }
      }
    }
  } finally {
    for (const { child } of processes) child.stdin?.end() // each exits when its stdin closes
    await Promise.all(processes.map(({ child }) => once(child, 'exit')))
    await redis.close()
  }
  return {
    rounds: LOAD.rounds,
    hello: medianRun(runs.hello),
    setups: setups.map(({ name }) => ({
      name,
      get: medianRun(runs[name]?.get ?? []),
      refresh: medianRun(runs[name]?.refresh ?? []),
      getRatio: median(ratios.get(`${name} get`) ?? []),
      refreshRatio: median(ratios.get(`${name} refresh`) ?? []),
    })),
  }
}

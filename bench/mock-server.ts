import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import autocannon, { type Client, type Result } from 'autocannon'

export const LOAD = { connections: 10, durationS: 5, warmUpS: 1 }

const servers = fileURLToPath(new URL('./servers.ts', import.meta.url))
const cookieOf = (setCookie: string) => setCookie.split(';')[0] ?? ''

/** One signed-in device per connection; its cookie always holds the current refresh token. */
async function signIn(url: string, device: number): Promise<{ cookie: string }> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': `bench-device-${device}` },
    body: JSON.stringify({ username: 'admin', password: '123456' }),
  })
  const setCookie = response.headers.get('set-cookie')
  if (!response.ok || !setCookie) throw new Error(`login answered ${response.status}`)
  return { cookie: cookieOf(setCookie) }
}

/**
 * Each connection refreshes one session in a chain: every request sends the refresh token the
 * previous answer set, so every request is a real rotation (the previous token is never reused,
 * the grace window never applies). Connections send one request at a time (no pipelining).
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

/**
 * Fresh sessions for each run: a run that stops drops the answers in flight, whose rotated
 * cookies would otherwise be missing from the next run's chains.
 */
async function refreshLoad(url: string, durationS: number) {
  const devices = Array.from({ length: LOAD.connections }, (_, device) => signIn(url, device))
  const setupClient = rotateOnePerConnection(await Promise.all(devices))
  return load({ url, setupClient }, durationS)
}

async function load(options: Parameters<typeof autocannon>[0], durationS: number) {
  return autocannon({ ...options, connections: LOAD.connections, duration: durationS })
}

const summary = (result: Result) => ({
  requestsPerSecond: result.requests.average,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  ok: result['2xx'],
  failed: result.non2xx + result.errors + result.timeouts,
})

/**
 * The mock server's refresh under load next to a bare Hono "hello" in the same run. Both
 * servers run in a child process (one core), autocannon here (the other).
 */
export async function measureMockServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', servers], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
    const urls = JSON.parse(line) as { hello: string; mock: string }

    await load({ url: urls.hello }, LOAD.warmUpS)
    const hello = await load({ url: urls.hello }, LOAD.durationS)

    // The same server's cheapest /api answer (a 401 for a request without a token: no JWT, no
    // store) shows what its adapter and middleware cost before any rotation work.
    const floorUrl = `${urls.mock}/api/employees`
    await load({ url: floorUrl }, LOAD.warmUpS)
    const floor = await load({ url: floorUrl }, LOAD.durationS)

    await refreshLoad(urls.mock, LOAD.warmUpS)
    const before = await stats(urls.mock)
    const rotations = await refreshLoad(urls.mock, LOAD.durationS)
    const after = await stats(urls.mock)

    return {
      hello: summary(hello),
      floor: summary(floor),
      refresh: summary(rotations),
      // Counted by the server in the measured run: rotations = 2xx (± one in flight per connection).
      server: {
        rotations: after.rotations - before.rotations,
        graceReuses: after.graceReuses - before.graceReuses,
        reuseDetected: after.reuseDetected - before.reuseDetected,
      },
      ratio: rotations.requests.average / hello.requests.average,
      ratioToFloor: rotations.requests.average / floor.requests.average,
    }
  } finally {
    child.stdin.end() // the child exits when its stdin closes
    await once(child, 'exit')
  }
}

async function stats(url: string) {
  const response = await fetch(`${url}/__mock/stats`)
  return (await response.json()).data as Record<
    'rotations' | 'graceReuses' | 'reuseDetected',
    number
  >
}

import { type ContenderName, contenders, libraries } from './contenders'
import { createFakeBackend, fakeJwt } from './fake-backend'
import { inFreshProcess, median } from './fresh-process'

const WARM_UP_REQUESTS = 5_000
const CHUNKS = 10

/**
 * One contender on a healthy session: `requests` sequential GETs through a fake adapter that
 * answers at once without I/O, so the time is axios plus the library. Returns ns per request,
 * the median of 10 equal chunks, so a moment when another process takes the core counts less.
 */
export async function timeContender({ name, requests }: { name: ContenderName; requests: number }) {
  const token = fakeJwt(3_600_000)
  const backend = createFakeBackend({
    dataLatency: () => 0,
    refreshLatencyMs: 0,
    refresh: 'ok',
    acceptedToken: token,
  })
  const api = await contenders[name](backend.adapter, token)
  for (let sent = 0; sent < WARM_UP_REQUESTS; sent++) await api.get('/data') // JIT the path first
  const chunks: number[] = []
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const start = process.hrtime.bigint()
    for (let sent = 0; sent < requests / CHUNKS; sent++) await api.get('/data')
    chunks.push(Number(process.hrtime.bigint() - start) / (requests / CHUNKS))
  }
  if (backend.counts.refreshCalls > 0) throw new Error(`${name} refreshed a healthy session`)
  return median(chunks)
}

/**
 * Each contender in `processes` fresh processes, interleaved. This shared VM has slow spells
 * that last seconds (the same process can take 17 µs or 30 µs per request), so a ratio is taken
 * per round, between processes that ran back to back, and the median of those is reported.
 */
export async function measureOverhead(requests = 100_000, processes = 5) {
  const names: ContenderName[] = ['bare', ...libraries]
  const rounds: Array<Map<ContenderName, number>> = []
  for (let round = 0; round < processes; round++) {
    const times = new Map<ContenderName, number>()
    for (const name of names) times.set(name, await inFreshProcess('overhead', { name, requests }))
    rounds.push(times)
  }
  const time = (round: Map<ContenderName, number>, name: ContenderName) => round.get(name) ?? 0
  return {
    requests,
    processes,
    rows: names.map((name) => ({
      name,
      nsPerRequest: median(rounds.map((round) => time(round, name))),
      ratio: median(rounds.map((round) => time(round, name) / time(round, 'bare'))),
    })),
  }
}

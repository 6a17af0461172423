import { type ContenderName, contenders, libraries } from './contenders'
import { createFakeBackend, fakeJwt } from './fake-backend'
import { inFreshProcess, median } from './fresh-process'

const WARM_UP_REQUESTS = 5_000
const CHUNKS = 10

/**
 * One contender on a healthy session: `requests` sequential GETs through a fake adapter that
 * answers at once without I/O, so the time is axios plus the library. Returns CPU and wall ns
 * per request, each the median of 10 equal chunks, so a moment when another process takes the
 * core counts less (CPU time counts only this process's own work).
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
  const wall: number[] = []
  const cpu: number[] = []
  const perChunk = requests / CHUNKS
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const start = process.hrtime.bigint()
    const startCpu = process.cpuUsage()
    for (let sent = 0; sent < perChunk; sent++) await api.get('/data')
    const used = process.cpuUsage(startCpu)
    wall.push(Number(process.hrtime.bigint() - start) / perChunk)
    cpu.push(((used.user + used.system) * 1000) / perChunk)
  }
  if (backend.counts.refreshCalls > 0) throw new Error(`${name} refreshed a healthy session`)
  return { cpuNs: median(cpu), wallNs: median(wall) }
}

/**
 * Each contender in `processes` fresh processes, interleaved. This shared VM has slow spells
 * that last seconds (the same process can take 17 µs or 30 µs per request), so a ratio is taken
 * per round, between processes that ran back to back, and the median of those is reported.
 */
export async function measureOverhead(requests = 100_000, processes = 5) {
  const names: ContenderName[] = [
    'bare',
    'bare, headers.set()',
    ...libraries,
    'bare fetch',
    'silent-refresh/fetch',
  ]
  // The fetch rows are judged against the fetch baseline, the axios rows against axios's.
  const baselineOf = (name: ContenderName): ContenderName =>
    name.includes('fetch') ? 'bare fetch' : 'bare'
  type Times = Awaited<ReturnType<typeof timeContender>>
  const rounds: Array<Map<ContenderName, Times>> = []
  for (let round = 0; round < processes; round++) {
    const times = new Map<ContenderName, Times>()
    for (const name of names) times.set(name, await inFreshProcess('overhead', { name, requests }))
    rounds.push(times)
  }
  const of = (round: Map<ContenderName, Times>, name: ContenderName, key: keyof Times) =>
    round.get(name)?.[key] ?? 0
  const ratio = (name: ContenderName, baseline: ContenderName, key: keyof Times) =>
    median(rounds.map((round) => of(round, name, key) / of(round, baseline, key)))
  return {
    requests,
    processes,
    rows: names.map((name) => ({
      name,
      cpuNs: median(rounds.map((round) => of(round, name, 'cpuNs'))),
      wallNs: median(rounds.map((round) => of(round, name, 'wallNs'))),
      baseline: baselineOf(name),
      cpuRatio: ratio(name, baselineOf(name), 'cpuNs'),
      wallRatio: ratio(name, baselineOf(name), 'wallNs'),
      cpuRatioToSet: ratio(name, 'bare, headers.set()', 'cpuNs'),
    })),
  }
}

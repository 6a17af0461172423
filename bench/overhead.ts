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

/** Each contender in `processes` fresh processes, interleaved so machine noise hits all alike. */
export async function measureOverhead(requests = 100_000, processes = 5) {
  const names: ContenderName[] = ['bare', ...libraries]
  const samples = new Map(names.map((name) => [name, [] as number[]]))
  for (let round = 0; round < processes; round++) {
    for (const name of names) {
      samples.get(name)?.push(await inFreshProcess('overhead', { name, requests }))
    }
  }
  const bareNs = median(samples.get('bare') ?? [])
  return {
    requests,
    processes,
    rows: names.map((name) => {
      const nsPerRequest = median(samples.get(name) ?? [])
      return { name, nsPerRequest, ratio: nsPerRequest / bareNs }
    }),
  }
}

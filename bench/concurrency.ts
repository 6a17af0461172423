import { isAxiosError } from 'axios'
import { type ContenderName, concurrencyContenders, contenders } from './contenders'
import { createFakeBackend, fakeJwt, type RefreshMode, seededRandom } from './fake-backend'
import { inFreshProcess, median } from './fresh-process'

/** `reactive`: the server revoked a token the client thinks valid. `preemptive`: its `exp` has passed. */
export type TokenPath = 'reactive' | 'preemptive'

export interface Scenario {
  library: ContenderName
  path: TokenPath
  requests: number
  /** Data latency 1–31 ms from a seeded generator instead of a flat 5 ms. */
  jitter: boolean
  refresh: RefreshMode
  /** A request not settled by then counts as hung. */
  deadlineMs: number
}

export const DATA_LATENCY_MS = 5
export const REFRESH_LATENCY_MS = 20
const JITTER_SEED = 7

/** Fires `requests` GETs at once and records how each ended, what reached the backend, and when. */
export async function runScenario(scenario: Scenario) {
  const random = seededRandom(JITTER_SEED)
  const backend = createFakeBackend({
    dataLatency: scenario.jitter ? () => 1 + Math.floor(random() * 31) : () => DATA_LATENCY_MS,
    refreshLatencyMs: REFRESH_LATENCY_MS,
    refresh: scenario.refresh,
    acceptedToken: fakeJwt(3_600_000),
  })
  const token = fakeJwt(scenario.path === 'reactive' ? 3_600_000 : -60_000)
  const api = await contenders[scenario.library](backend.adapter, token)

  const endings: Record<string, number> = {}
  const start = performance.now()
  const all = Array.from({ length: scenario.requests }, () =>
    api.get('/data').then(
      () => 'fulfilled',
      (error) => describe(error),
    ),
  ).map((ending) => ending.then((label) => (endings[label] = (endings[label] ?? 0) + 1)))
  const deadline = new Promise((resolve) => setTimeout(resolve, scenario.deadlineMs))
  await Promise.race([Promise.all(all), deadline])
  const wallMs = performance.now() - start

  const settled = Object.values(endings).reduce((sum, count) => sum + count, 0)
  const fulfilled = endings.fulfilled ?? 0
  return {
    ...backend.counts,
    fulfilled,
    rejected: settled - fulfilled,
    hung: scenario.requests - settled,
    endings,
    wallMs,
  }
}

export type ScenarioResult = Awaited<ReturnType<typeof runScenario>>

/** `AxiosError 401 /data`, `SessionExpiredError`, `Error`: what the app's catch block sees. */
function describe(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error
  if (!isAxiosError(error) || !error.response) return name
  return `${name} ${error.response.status} ${error.config?.url}`
}

export const REQUEST_COUNTS = [1, 10, 100, 1000]
const DEADLINE_MS = 5_000

/** Every library × path × N × latency variant, `processes` fresh processes each; wall time is the median. */
export async function measureConcurrency(processes = 5) {
  const rows: Array<Omit<Scenario, 'deadlineMs' | 'refresh'> & { runs: ScenarioResult[] }> = []
  for (const jitter of [false, true])
    for (const path of ['reactive', 'preemptive'] as const)
      for (const requests of REQUEST_COUNTS)
        for (const library of concurrencyContenders)
          rows.push({ library, path, requests, jitter, runs: [] })
  // Rounds outermost, so a slow moment of the machine touches every library alike.
  for (let round = 0; round < processes; round++) {
    for (const row of rows) {
      const { runs, ...scenario } = row
      runs.push(
        await inFreshProcess('scenario', { ...scenario, refresh: 'ok', deadlineMs: DEADLINE_MS }),
      )
    }
  }
  return rows.map(({ runs, ...scenario }) => ({
    ...scenario,
    runs,
    wallMs: median(runs.map((run) => run.wallMs)),
  }))
}

/** The refresh endpoint answers 500 or 401 every time: how each request ends (one process each). */
export async function measureRefreshFailures(requests = 100) {
  const rows = []
  for (const refresh of [500, 401] as const)
    for (const path of ['reactive', 'preemptive'] as const)
      for (const library of concurrencyContenders) {
        const scenario = {
          library,
          path,
          requests,
          jitter: false,
          refresh,
          deadlineMs: DEADLINE_MS,
        }
        rows.push({ ...scenario, result: await inFreshProcess('scenario', scenario) })
      }
  return rows
}

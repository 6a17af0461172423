import type { measureConcurrency, measureRefreshFailures } from './concurrency'
import type { measureHungRefresh } from './hung-refresh'
import type { measureMockServer } from './mock-server'
import type { measureOverhead } from './overhead'
import type { measureReload } from './reload'

export type Concurrency = Awaited<ReturnType<typeof measureConcurrency>>
export type Failures = Awaited<ReturnType<typeof measureRefreshFailures>>
export type Overhead = Awaited<ReturnType<typeof measureOverhead>>
export type MockServer = Awaited<ReturnType<typeof measureMockServer>>
export type Reload = Awaited<ReturnType<typeof measureReload>>
export type HungRefresh = Awaited<ReturnType<typeof measureHungRefresh>>
export interface BundleRow {
  name: string
  minified: number
  gzipped: number
  loads: { loads: boolean; error?: string }
}

/** A markdown table; the console shows the same text. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}

const int = (value: number) => Math.round(value).toLocaleString('en')
/** One number when every run agreed, else the range seen. */
const range = (values: number[]) => {
  const [low, high] = [Math.min(...values), Math.max(...values)]
  return low === high ? int(low) : `${int(low)}–${int(high)}`
}
const lost = (run: { rejected: number; hung: number }) => run.rejected + run.hung

export function concurrencyTables(rows: Concurrency): string {
  const sections = []
  for (const jitter of [false, true])
    for (const path of ['reactive', 'preemptive'] as const) {
      const picked = rows.filter((row) => row.jitter === jitter && row.path === path)
      const title = `${path === 'reactive' ? 'Reactive (server revoked the token)' : 'Pre-emptive (token past its exp)'}, data ${jitter ? '1–31 ms jittered' : '5 ms'}`
      const body = picked.map(({ library, requests, runs, wallMs }) => {
        const of = (pick: (run: (typeof runs)[number]) => number) => range(runs.map(pick))
        return [
          library,
          int(requests),
          of((run) => run.refreshCalls),
          of((run) => run.fulfilled),
          of((run) => run.rejected),
          of((run) => run.hung),
          of((run) => run.dataRequests + run.refreshCalls),
          wallMs.toFixed(1),
        ]
      })
      const headers = [
        'library',
        'N',
        'refresh calls',
        'fulfilled',
        'rejected',
        'hung',
        'wire requests',
        'wall ms (median)',
      ]
      sections.push(`#### ${title}\n\n${table(headers, body)}`)
    }
  return sections.join('\n\n')
}

export function failureTable(rows: Failures): string {
  const body = rows.map(({ library, path, refresh, result }) => [
    `refresh answers ${refresh}`,
    path,
    library,
    result.refreshCalls,
    Object.entries(result.endings)
      .map(([ending, count]) => `${count}× ${ending}`)
      .join(', '),
    result.hung,
    result.hung ? '—' : result.wallMs.toFixed(0),
  ])
  return table(
    ['case', 'path', 'library', 'refresh calls', 'how the requests ended', 'hung', 'ms'],
    body,
  )
}

export function overheadTable({ rows }: Overhead): string {
  const label: Record<string, string> = {
    bare: 'axios + `headers.Authorization = …` (axios baseline)',
    'bare, headers.set()': 'axios + `headers.set(…)`',
    'bare fetch': 'fetch + `headers: { Authorization }` (fetch baseline)',
  }
  const body = rows.map(({ name, cpuNs, wallNs, cpuRatio, wallRatio, cpuRatioToSet, baseline }) => [
    label[name] ?? name,
    int(cpuNs),
    `**${cpuRatio.toFixed(3)}×**`,
    baseline === 'bare' ? `${cpuRatioToSet.toFixed(3)}×` : '—',
    int(wallNs),
    `${wallRatio.toFixed(3)}×`,
  ])
  return table(
    [
      'client',
      'CPU ns per request',
      'CPU ratio to its baseline',
      'CPU ratio to headers.set()',
      'wall ns per request',
      'wall ratio to its baseline',
    ],
    body,
  )
}

export function reloadTable(rows: Reload): string {
  const body = rows.map(({ variant, delayMs, medianMs, ratio, refreshes }) => [
    variant,
    delayMs,
    medianMs.toFixed(1),
    `${ratio.toFixed(2)}×`,
    refreshes,
  ])
  return table(
    [
      'reloaded tab',
      'first call at (ms after init)',
      'first call answered after (ms, median)',
      'ratio to crossTab: false',
      'refreshes (most in a round)',
    ],
    body,
  )
}

export function hungRefreshTable({ runs, expectedMinMs }: HungRefresh): string {
  const body = runs.map((run, i) => [i + 1, run.code, run.ms.toFixed(0), run.calls])
  return `${table(['run', 'rejected with', 'after ms', 'refresh calls'], body)}\n\nSchedule: not before ${expectedMinMs} ms.`
}

export function bundleTable(rows: BundleRow[]): string {
  const body = rows.map(({ name, minified, gzipped, loads }) => [
    name,
    int(minified),
    int(gzipped),
    loads.loads ? 'yes' : `**no**: ${loads.error}`,
  ])
  return table(['entry', 'minified B', 'min+gzip B', 'loads as ESM in a browser-like VM'], body)
}

export function mockServerTable(result: MockServer): string {
  const row = (name: string, run: MockServer['hello'], ratio: number) => [
    name,
    int(run.requestsPerSecond),
    ratio.toFixed(3),
    `${run.p50Ms} / ${run.p99Ms}`,
    int(run.cpuUsPerRequest),
    run.failed,
  ]
  return table(
    ['server, request', 'requests/s', '× hello', 'p50 / p99 ms', 'CPU µs/request', 'failed'],
    [
      row('bare Hono "hello", GET /', result.hello, 1),
      ...result.setups.flatMap((setup) => [
        row(`${setup.name}, GET /api/employees (valid token)`, setup.get, setup.getRatio),
        row(`${setup.name}, POST /api/auth/refresh (rotation)`, setup.refresh, setup.refreshRatio),
      ]),
    ],
  )
}

/** The comparison the README quotes: lost requests, refreshes per expiry, overhead, size. */
export function headlineTable(
  concurrency: Concurrency,
  overhead: Overhead,
  bundles: BundleRow[],
  libraries: readonly string[],
): string {
  const body = libraries.map((library) => {
    const mine = concurrency.filter((row) => row.library === library)
    const runs = mine.flatMap((row) => row.runs)
    const at1000 = (path: string) =>
      range(
        mine.filter((r) => r.requests === 1000 && r.path === path).flatMap((r) => r.runs.map(lost)),
      )
    const size = bundles.find((row) => row.name === library)
    const ratio = overhead.rows.find((row) => row.name === library)?.cpuRatio
    return [
      library,
      at1000('reactive'),
      at1000('preemptive'),
      range(runs.map(lost)),
      range(runs.map((run) => run.refreshCalls)),
      ratio === undefined ? '—' : `${ratio.toFixed(3)}×`,
      size ? `${int(size.gzipped)}${size.loads.loads ? '' : ' (does not load)'}` : '—',
    ]
  })
  const headers = [
    'library',
    'lost of 1,000, reactive',
    'lost of 1,000, pre-emptive',
    'lost per scenario, all 16',
    'refreshes per expiry',
    'CPU overhead',
    'min+gzip B (esbuild)',
  ]
  return table(headers, body)
}

import { writeFile } from 'node:fs/promises'
import {
  BUNDLE_BUDGET_BYTES,
  DECIDED_BUDGET_BYTES,
  fetchEntry,
  measureBundle,
  measureEsbuildBundle,
} from './bundle-size'
import { measureConcurrency, measureRefreshFailures } from './concurrency'
import { libraries } from './contenders'
import { inFreshProcess } from './fresh-process'
import { measureHungRefresh } from './hung-refresh'
import { machine } from './machine'
import { measureMockServer } from './mock-server'
import { measureOverhead } from './overhead'
import { measureReload, RELOAD_ROUNDS } from './reload'
import { report } from './report'
import type { BundleRow } from './results'

// `npm run bench`: every comparison in one run; prints the tables and writes bench/RESULTS.md.
const started = performance.now()
const step = (name: string) =>
  console.error(`… ${name} (${Math.round((performance.now() - started) / 1000)} s)`)

step('bundle sizes')
const bundles: BundleRow[] = []
for (const name of libraries) {
  const { code, ...size } = await measureEsbuildBundle(name === 'silent-refresh' ? undefined : name)
  const flags = ['--experimental-vm-modules', '--no-warnings']
  bundles.push({ name, ...size, loads: await inFreshProcess('bundleLoads', { code }, flags) })
}
const vite = await measureBundle()
const viteFetch = await measureBundle(fetchEntry)

step('concurrency: 4 contenders × 2 paths × 4 sizes × 2 latencies × 5 processes')
const concurrency = await measureConcurrency()
step('refresh failures')
const failures = await measureRefreshFailures()
step('per-request overhead: 4 clients × 5 processes × 100,000 requests')
const overhead = await measureOverhead()
step(
  `a page reload in Chromium: lone tab, with a sibling, crossTab: false × ${RELOAD_ROUNDS} rounds`,
)
const reload = await measureReload()
step('a refresh endpoint that never answers, real timers, forced GC')
const hungRefresh = await measureHungRefresh()
step('mock server under autocannon')
const mockServer = await measureMockServer()

const markdown = report({
  machine: { ...machine(), durationS: Math.round((performance.now() - started) / 1000) },
  concurrency,
  failures,
  overhead,
  reload,
  hungRefresh,
  bundles,
  vite: { ...vite, budget: BUNDLE_BUDGET_BYTES.main, decided: DECIDED_BUDGET_BYTES.main },
  viteFetch: {
    ...viteFetch,
    budget: BUNDLE_BUDGET_BYTES.fetch,
    decided: DECIDED_BUDGET_BYTES.fetch,
  },
  mockServer,
})
await writeFile(new URL('./RESULTS.md', import.meta.url), markdown)
console.log(markdown)
step('wrote bench/RESULTS.md')

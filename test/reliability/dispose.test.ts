import axios from 'axios'
import { createSilentRefresh } from 'silent-refresh'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type BackendScript, createSimBackend } from './helpers/sim-backend'
import { createSimClock } from './helpers/sim-clock'

// Regressions found by the property test (model.test.ts): a disposed SDK kept working — an
// in-flight refresh went on retrying with backoff after dispose(), its waiters stayed pending
// until then, and a 401 that landed after dispose() started a brand-new refresh.

const clock = createSimClock()
beforeAll(() => clock.install())
afterEach(() => clock.clear())
afterAll(() => clock.uninstall())

const script = (patch: Partial<BackendScript>): BackendScript => ({
  refreshOutcomes: [],
  refreshLatencies: [100],
  apiLatencies: [10],
  accessTtlMs: 60_000,
  logoutReachable: true,
  ...patch,
})

function setup(patch: Partial<BackendScript>) {
  const backend = createSimBackend(clock, script(patch))
  const api = axios.create({ baseURL: 'http://sim.test', adapter: backend.adapter })
  const auth = createSilentRefresh(api, {
    crossTab: false,
    refreshAheadMs: false,
    refreshTimeoutMs: 10_000,
    retry: { attempts: 3, baseDelayMs: 300, maxDelayMs: 3_000 },
  })
  return { backend, api, auth }
}

/** Settles `promise` into a record, so the test can look at it without awaiting it. */
function watch(promise: Promise<unknown>) {
  const result: { settled: boolean; error?: unknown } = { settled: false }
  promise.then(
    () => {
      result.settled = true
    },
    (error: unknown) => {
      result.settled = true
      result.error = error
    },
  )
  return result
}

describe('dispose() while a refresh is in flight', () => {
  it('aborts it: its waiters reject at once with ERR_DISPOSED, and nothing is retried', async () => {
    const { backend, api, auth } = setup({ refreshOutcomes: ['hang'] })
    const request = watch(api.get('/api/data/a')) // no session yet: 401, then waits for the refresh
    await clock.advance(50)
    expect(backend.refreshesOpen).toBe(1)

    auth.dispose()
    await clock.drain()

    expect(request).toMatchObject({ settled: true, error: { code: 'ERR_DISPOSED' } })
    expect(backend.refreshesOpen).toBe(0) // the refresh call itself was aborted
    expect(clock.pending('sdk')).toBe(0) // no backoff timer for a retry
    await clock.runAll(60_000)
    expect(backend.refreshCalls).toBe(1)
  })

  it('a 401 that lands after dispose() starts no refresh', async () => {
    const { backend, api, auth } = setup({})
    const request = watch(api.get('/api/data/a')) // in flight without a token
    auth.dispose()

    await clock.runAll(60_000)

    expect(request.settled).toBe(true)
    expect(backend.sends).toHaveLength(1) // neither refreshed nor replayed
    expect(backend.refreshCalls).toBe(0)
  })
})

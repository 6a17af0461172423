import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

// Defect 1 of the session-core issue, on real timers (what only real timers can show: a time
// limit that must still fire after a garbage collection). Node runs the built SDK with
// `--expose-gc` against a refresh endpoint that never answers, collecting every 10 ms.
const script = fileURLToPath(new URL('./scripts/hung-refresh.mjs', import.meta.url))

describe('time limits under garbage collection (real timers)', () => {
  it('waiters reject with ERR_REFRESH_TIMEOUT on schedule, retries included', {
    timeout: 30_000,
  }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', script], {
      timeout: 20_000, // the hang this guards against: no answer at all
    })
    const { request, refresh } = JSON.parse(stdout)

    for (const outcome of [request, refresh]) {
      expect(outcome.code).toBe('ERR_REFRESH_TIMEOUT')
      // Two attempts of 200 ms and a backoff of 25–50 ms: not before 425 ms. The upper bound
      // only says "it did fire"; a loaded machine may run timers late.
      expect(outcome.ms).toBeGreaterThanOrEqual(420)
      expect(outcome.ms).toBeLessThan(10_000)
    }
  })
})

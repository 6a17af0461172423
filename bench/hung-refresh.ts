import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const script = fileURLToPath(
  new URL('../test/reliability/scripts/hung-refresh.mjs', import.meta.url),
)

/**
 * A refresh endpoint that never answers, real timers, `node --expose-gc` collecting every 10 ms
 * (the built SDK; `npm run build` first): when the waiters reject, and how many calls reached
 * the server. Two attempts of 200 ms with a 25–50 ms backoff between: not before 425 ms.
 */
export async function measureHungRefresh(runs = 5) {
  const results = []
  for (let run = 0; run < runs; run++) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', script], {
      timeout: 20_000,
    })
    const { request, calls } = JSON.parse(stdout)
    results.push({ code: String(request.code), ms: Number(request.ms), calls: Number(calls) })
  }
  return { runs: results, expectedMinMs: 425 }
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.table((await measureHungRefresh()).runs)

import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import type { Tasks } from './worker'

const run = promisify(execFile)
// Inside node_modules, so the bundle's bare imports (axios, the peers) resolve as from bench/.
const bundle = fileURLToPath(
  new URL('../node_modules/.cache/silent-refresh-bench/worker.mjs', import.meta.url),
)
let built: Promise<unknown> | undefined

/**
 * Runs one task of bench/worker.ts in a new Node process (cold JIT, no state left by other
 * runs). The worker is bundled once (packages stay external) so a process starts in a fraction
 * of tsx's time; the hundreds of processes a run needs would otherwise take minutes.
 */
export async function inFreshProcess<K extends keyof Tasks>(
  task: K,
  input: Parameters<Tasks[K]>[0],
  nodeFlags: string[] = [],
): Promise<Awaited<ReturnType<Tasks[K]>>> {
  built ??= build({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  })
  await built
  const args = [...nodeFlags, bundle, task, JSON.stringify(input)]
  const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 })
  return JSON.parse(stdout)
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

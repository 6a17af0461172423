import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Tasks } from './worker'

const run = promisify(execFile)
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url))

/** Runs one task of bench/worker.ts in a new Node process (cold JIT, no state left by other runs). */
export async function inFreshProcess<K extends keyof Tasks>(
  task: K,
  input: Parameters<Tasks[K]>[0],
  nodeFlags: string[] = [],
): Promise<Awaited<ReturnType<Tasks[K]>>> {
  const args = [...nodeFlags, '--import', 'tsx', worker, task, JSON.stringify(input)]
  const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 })
  return JSON.parse(stdout)
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

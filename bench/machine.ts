import { execFileSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'

const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim()
  } catch {
    return ''
  }
}

/** What the numbers depend on: the machine, Node, and which SDK source was measured. */
export function machine() {
  const commit = git('rev-parse', '--short', 'HEAD') || 'not a git checkout'
  const dirty = git('status', '--porcelain', '--', 'src') !== ''
  return {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    node: process.version,
    /** Other work on the machine when the run started (1-minute load average). */
    load: loadavg()[0]?.toFixed(1) ?? '?',
    date: new Date().toISOString().slice(0, 10),
    source: dirty ? `${commit} with uncommitted changes in src/` : commit,
  }
}

import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

export interface RedisServer {
  url: string
  port: number
  /** The running server's process id (for CPU accounting in the bench). */
  readonly pid: number | undefined
  /** Stops the server (its data is gone: persistence is off). */
  stop(): Promise<void>
  /** Starts it again on the same port, empty, as after a restart. */
  start(): Promise<void>
  /** Stops it for good and removes its directory. */
  close(): Promise<void>
  /** Freezes the process (SIGSTOP): connections stay open, nothing answers. */
  pause(): void
  resume(): void
}

const INSTALL_HINT =
  'redis-server is not installed. The multi-instance tests start their own; install it with: ' +
  'apt-get update && apt-get install -y redis-server'

function findRedisServer(): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat('/usr/bin', '/usr/sbin')
  for (const dir of dirs) {
    const file = join(dir, 'redis-server')
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {}
  }
  throw new Error(INSTALL_HINT)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Starts Debian's `redis-server` on a free loopback port, persistence off, in a temporary
 * directory; it is stopped when the process exits, should a test forget.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const bin = findRedisServer()
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'silent-refresh-redis-'))
  let child: ChildProcess | undefined
  const killOnExit = () => child?.kill('SIGKILL')
  process.once('exit', killOnExit)

  /** Resolves once the server logs that it accepts connections: no polling, no fixed wait. */
  async function start() {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir]
    args.push('--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice')
    let output = ''
    const started = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child = started
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer)
        started.kill('SIGKILL')
        reject(new Error(`redis-server did not start on port ${port} (${why}):\n${output}`))
      }
      // A bound for a machine under heavy load, not a wait: the log line ends it.
      const timer = setTimeout(() => fail('no ready line within 15 s'), 15_000)
      const read = (chunk: Buffer) => {
        output += chunk
        if (!/Ready to accept connections/.test(output)) return
        clearTimeout(timer)
        started.off('exit', exited)
        resolve()
      }
      const exited = (code: number | null) => fail(`exit code ${code}`)
      started.stdout?.on('data', read)
      started.stderr?.on('data', read)
      started.once('exit', exited)
    })
  }

  async function stop() {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGCONT') // a paused server cannot act on SIGTERM
    running.kill('SIGTERM')
    await exited
  }

  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async close() {
      await stop()
      process.off('exit', killOnExit)
      rmSync(dir, { recursive: true, force: true })
    },
    get pid() {
      return child?.pid
    },
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  }
}

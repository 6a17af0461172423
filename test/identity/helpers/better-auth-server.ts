import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { fetch } from 'undici'

export const USER = {
  email: 'alice@example.test',
  password: 'correct horse battery',
  name: 'Alice',
}

export interface BetterAuthServer {
  url: string
  /** Calls of the JWT plugin's token endpoint (`GET /api/auth/token`), of the app's API, and the bearer tokens it was sent. */
  counts(): Promise<{ tokenCalls: number; api: number; bearers: string[] }>
  /** Moves the server's clock on by `ms` (its JWTs and sessions age; nothing waits). */
  advance(ms: number): Promise<void>
  close(): Promise<void>
}

// A string, not `new URL()`: under happy-dom the global URL is the page's.
const child = join(dirname(fileURLToPath(import.meta.url)), 'better-auth-child.ts')

/**
 * better-auth (email and password, its in-memory adapter, the JWT plugin) on 127.0.0.1, in a
 * process of its own (see better-auth-child.ts): a cookie-session server whose sign-in sets a
 * session cookie and answers the *session* token in the body, and whose `GET /api/auth/token`
 * turns the session into a short-lived JWT. Beside it, `GET /api/me`: the app's own API, which
 * takes only that JWT, as a resource server would.
 */
export async function startBetterAuthServer({ jwtTtlS = 60 } = {}): Promise<BetterAuthServer> {
  const process_ = spawn(
    process.execPath,
    ['--import', 'tsx', child, String(jwtTtlS), JSON.stringify(USER)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const exited = once(process_, 'exit').then(() => {
    throw new Error('the better-auth server exited before it was ready')
  })
  const lines = createInterface({ input: process_.stdout })
  const [line] = (await Promise.race([once(lines, 'line'), exited])) as [string]
  const { url } = JSON.parse(line) as { url: string }
  return {
    url,
    counts: async () => (await (await fetch(`${url}/__counts`)).json()) as never,
    async advance(ms) {
      await fetch(`${url}/__clock`, { method: 'POST', body: JSON.stringify({ ms }) })
    },
    async close() {
      exited.catch(() => {})
      process_.stdin.end()
      await once(process_, 'exit')
    },
  }
}

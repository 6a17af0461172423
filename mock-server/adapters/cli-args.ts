import { parseArgs } from 'node:util'
import { parseDuration } from './duration.js'
import type { StartMockServerOptions } from './node-server.js'

export const USAGE = `Usage: silent-refresh-mock-server [options]

  --port <n>              port to listen on, 0 for any free one   (default 3000)
  --host <name>           interface to bind                      (default 127.0.0.1)
  --access-ttl <dur>      access-token lifetime                  (default 30m)
  --refresh-ttl <dur>     absolute refresh-token lifetime        (default 30d)
  --reuse-grace <dur>     grace window for the previous token    (default 10s)
  --allowed-origin <url>  extra origin for CORS/CSRF (repeatable)
  --trust-proxy           read the client IP from X-Forwarded-For / X-Real-IP
  --insecure-cookie       omit the Secure attribute on the refresh cookie
  --no-dev-controls       do not mount /__mock/*
  -h, --help              show this help

Durations: 500ms, 30s, 5m, 2h, 30d.`

export type CliCommand = { kind: 'help' } | { kind: 'serve'; options: StartMockServerOptions }

/** Thrown for bad flags; the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

const durationFlag = (flag: string, value: string | undefined) => {
  if (value === undefined) return undefined
  const ms = parseDuration(value)
  if (ms === undefined)
    throw new UsageError(
      `--${flag}: expected a duration like 500ms, 30s, 5m, 2h or 30d, got "${value}"`,
    )
  return ms
}

function portFlag(value: string | undefined): number {
  if (value === undefined) return 3000
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new UsageError(`--port: expected 0-65535, got "${value}"`)
  return port
}

/** Parses the CLI flags into `startMockServer` options; throws `UsageError` on bad input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(argv).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.help) return { kind: 'help' }
  const options: StartMockServerOptions = {
    port: portFlag(values.port),
    host: values.host ?? '127.0.0.1',
    accessTtlMs: durationFlag('access-ttl', values['access-ttl']),
    refreshTtlMs: durationFlag('refresh-ttl', values['refresh-ttl']),
    reuseGraceMs: durationFlag('reuse-grace', values['reuse-grace']),
    allowedOrigins: values['allowed-origin'],
    trustProxy: values['trust-proxy'],
    devControls: !values['no-dev-controls'],
    cookie: values['insecure-cookie'] ? { secure: false } : undefined,
  }
  return { kind: 'serve', options }
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'access-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
      'reuse-grace': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      'trust-proxy': { type: 'boolean' },
      'insecure-cookie': { type: 'boolean' },
      'no-dev-controls': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })

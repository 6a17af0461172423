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
  --allowed-host <name>   answer this Host besides localhost and IPs (repeatable;
                          .example.test allows its subdomains too)
  --redis <url>           keep sessions in Redis, shared by every instance using it
                          (e.g. redis://127.0.0.1:6379; needs --secret)
  --secret <value>        HS256 key, at least 32 bytes; instances sharing a Redis
                          must share it (or set SILENT_REFRESH_SECRET)
  --trust-proxy           read the client IP from X-Forwarded-For / X-Real-IP
  --insecure-cookie       omit the Secure attribute on the refresh cookie
  --no-dev-controls       do not mount /__mock/*
  -h, --help              show this help

Durations: 500ms, 30s, 5m, 2h, 30d.`

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'serve'; options: StartMockServerOptions; redisUrl?: string }

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

function secretFlag(value: string | undefined, redisUrl: string | undefined) {
  if (value !== undefined && new TextEncoder().encode(value).length < 32)
    throw new UsageError('--secret: expected at least 32 bytes (e.g. openssl rand -hex 32)')
  // Each instance would otherwise sign with its own random key and refuse the others' tokens.
  if (value === undefined && redisUrl !== undefined)
    throw new UsageError(
      '--redis needs --secret (or SILENT_REFRESH_SECRET): every instance sharing the store must sign with the same key',
    )
  return value
}

function redisFlag(value: string | undefined): string | undefined {
  if (value !== undefined && !/^rediss?:\/\/./.test(value))
    throw new UsageError(`--redis: expected a URL like redis://127.0.0.1:6379, got "${value}"`)
  return value
}

/**
 * Parses the CLI flags (and `SILENT_REFRESH_SECRET` from `env`) into `startMockServer` options;
 * throws `UsageError` on bad input.
 */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): CliCommand {
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
    allowedHosts: values['allowed-host'],
  }
  const redisUrl = redisFlag(values.redis)
  options.secret = secretFlag(values.secret ?? env.SILENT_REFRESH_SECRET, redisUrl)
  return { kind: 'serve', options, redisUrl }
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
      'allowed-host': { type: 'string', multiple: true },
      redis: { type: 'string' },
      secret: { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'insecure-cookie': { type: 'boolean' },
      'no-dev-controls': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })

import { describe, expect, it } from 'vitest'
import { parseCliArgs, UsageError } from '../../mock-server/adapters/cli-args'
import { formatDuration, parseDuration } from '../../mock-server/adapters/duration'

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['30d', 2_592_000_000],
    ['1.5s', 1_500],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', '30', 's', '-5s', '5 minutes', '5w', '1e3ms'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })

  it('formats with the largest even unit', () => {
    expect([500, 30_000, 90_000, 7_200_000, 2_592_000_000, 0].map(formatDuration)).toEqual([
      '500ms',
      '30s',
      '90s',
      '2h',
      '30d',
      '0ms',
    ])
  })
})

describe('CLI flags', () => {
  it('maps flags to startMockServer options', () => {
    const command = parseCliArgs([
      '--port',
      '3001',
      '--host',
      '0.0.0.0',
      '--access-ttl',
      '30s',
      '--refresh-ttl',
      '7d',
      '--reuse-grace',
      '500ms',
      '--allowed-origin',
      'http://localhost:5173',
      '--allowed-origin',
      'http://127.0.0.1:5173',
      '--trust-proxy',
      '--insecure-cookie',
      '--no-dev-controls',
    ])
    expect(command).toEqual({
      kind: 'serve',
      options: {
        port: 3001,
        host: '0.0.0.0',
        accessTtlMs: 30_000,
        refreshTtlMs: 604_800_000,
        reuseGraceMs: 500,
        allowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
        trustProxy: true,
        devControls: false,
        cookie: { secure: false },
      },
    })
  })

  it('defaults to port 3000 on 127.0.0.1', () => {
    expect(parseCliArgs([])).toMatchObject({
      kind: 'serve',
      options: { port: 3000, host: '127.0.0.1', devControls: true },
    })
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' })
  })

  const SECRET = 'x'.repeat(32)

  it('takes a Redis URL with a shared secret, from the flag or SILENT_REFRESH_SECRET', () => {
    const redis = ['--redis', 'redis://127.0.0.1:6379', '--allowed-host', 'dev.example.test']
    expect(parseCliArgs([...redis, '--secret', SECRET])).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      options: { secret: SECRET, allowedHosts: ['dev.example.test'] },
    })
    expect(parseCliArgs(redis, { SILENT_REFRESH_SECRET: SECRET })).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      options: { secret: SECRET },
    })
    // The flag wins over the environment.
    const flag = 'y'.repeat(40)
    expect(
      parseCliArgs([...redis, '--secret', flag], { SILENT_REFRESH_SECRET: SECRET }),
    ).toMatchObject({ options: { secret: flag } })
  })

  it.each([
    [['--redis', 'redis://127.0.0.1:6379'], 'needs --secret'],
    [['--secret', 'short'], 'at least 32 bytes'],
    [['--redis', '127.0.0.1:6379', '--secret', 'x'.repeat(32)], 'redis://'],
    [['--access-ttl', '30'], '--access-ttl'],
    [['--port', 'http'], '--port'],
    [['--port', '70000'], '--port'],
    [['--bogus'], "'--bogus'"],
    [['positional'], 'positional'],
    [['--port'], '--port'],
  ])('throws a UsageError for %j', (argv, mention) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError)
    expect(() => parseCliArgs(argv)).toThrow(mention)
  })
})

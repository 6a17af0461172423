import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createMockBackend } from '../../mock-server/public'
import { createClient } from './helpers/client'
import { CookieJar } from './helpers/cookie-jar'
import { startRedisServer } from './helpers/redis-server'
import { urlTransport } from './helpers/transports'

// The built command, as users run it (`npm test` builds first): no TypeScript to compile at start.
const cli = fileURLToPath(new URL('../../dist/mock-server/cli.js', import.meta.url))
if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` (npm test does)`)

const children: ChildProcessWithoutNullStreams[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: 'pipe',
    env: { ...process.env, ...env },
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  return { child, exited, output: () => ({ stdout, stderr }) }
}

async function waitForUrl({ child, output, exited }: ReturnType<typeof run>): Promise<string> {
  const started = new Promise<string>((resolve) => {
    child.stdout.on('data', () => {
      // Wait for the whole banner: it may arrive in several chunks.
      const match = /listening on (http:\/\/\S+)[\s\S]*dev controls/.exec(output().stdout)
      if (match?.[1]) resolve(match[1])
    })
  })
  return Promise.race([
    started,
    exited.then(() => Promise.reject(new Error('the CLI exited early'))),
  ])
}

describe('CLI', () => {
  it('starts a server, prints its URL and the demo credentials, and stops on SIGTERM', async () => {
    const cli = run(['--port', '0', '--access-ttl', '30s', '--reuse-grace', '2s'])
    const { exited, output } = cli
    const url = await waitForUrl(cli)
    expect(output().stdout).toContain('admin / 123456')
    expect(output().stdout).toContain('access TTL 30s')
    expect(output().stdout).toContain('reuse grace 2s')
    // The server is the CLI's; a local backend only lends the options to the client helper.
    const client = createClient(urlTransport(url, createMockBackend()))
    const login = await client.login()
    expect(login.body.data.expiresIn).toBe(30_000)
    expect((await client.refresh()).status).toBe(200)
    cli.child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  // The README's "two instances on Redis" commands, as written there.
  it('runs two instances on one Redis as one backend (--redis, SILENT_REFRESH_SECRET)', async () => {
    const redis = await startRedisServer()
    try {
      const env = { SILENT_REFRESH_SECRET: 'change-me-to-32-or-more-random-bytes' }
      const instances = [
        run(['--port', '0', '--redis', redis.url], env),
        run(['--port', '0', '--redis', redis.url], env),
      ]
      const [urlA, urlB] = await Promise.all(instances.map(waitForUrl))
      expect(instances[0]?.output().stdout).toContain('sessions in Redis')
      const backend = createMockBackend()
      const jar = new CookieJar()
      const onA = createClient(urlTransport(urlA as string, backend), { jar })
      const onB = createClient(urlTransport(urlB as string, backend), { jar })
      const { token } = (await onA.login()).body.data
      expect((await onB.employees(token)).status).toBe(200) // same key, same deny-list
      expect((await onB.refresh()).status).toBe(200) // same records
      expect((await onA.call('GET', '/__mock/stats')).body.data).toMatchObject({
        logins: 1,
        refreshes: 1,
      })
      for (const instance of instances) instance.child.kill('SIGTERM')
      expect(await Promise.all(instances.map((instance) => instance.exited))).toEqual([0, 0])
    } finally {
      await redis.close()
    }
  })

  it('exits with code 1 and says so when Redis cannot be reached', async () => {
    const { exited, output } = run([
      '--port',
      '0',
      '--redis',
      'redis://127.0.0.1:1',
      '--secret',
      'z'.repeat(32),
    ])
    expect(await exited).toBe(1)
    expect(output().stderr).toContain('cannot reach Redis at redis://127.0.0.1:1')
  })

  // One flag the parser refuses and one value the backend refuses; every message is checked
  // in-process by cli-args.test.ts and options.test.ts.
  it.each([
    [['--frobnicate'], '--frobnicate'],
    [['--refresh-ttl', '500d'], 'refreshTtlMs'],
  ])('exits with code 2 and a clear message for %j', async (args, mention) => {
    const { exited, output } = run(args)
    expect(await exited).toBe(2)
    expect(output().stderr).toContain(mention)
    expect(output().stderr).toContain('--help')
  })
})

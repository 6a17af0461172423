import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createMockBackend } from '../../mock-server/public'
import { createClient } from './helpers/client'
import { urlTransport } from './helpers/transports'

const cli = fileURLToPath(new URL('../../mock-server/cli.ts', import.meta.url))
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url))

let child: ChildProcessWithoutNullStreams | undefined
afterEach(() => {
  child?.kill('SIGKILL')
  child = undefined
})

function run(args: string[]) {
  child = spawn(tsx, [cli, ...args], { stdio: 'pipe' })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  return { exited, output: () => ({ stdout, stderr }) }
}

async function waitForUrl(
  output: () => { stdout: string },
  exited: Promise<unknown>,
): Promise<string> {
  const started = new Promise<string>((resolve) => {
    child?.stdout.on('data', () => {
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
    const { exited, output } = run(['--port', '0', '--access-ttl', '30s', '--reuse-grace', '2s'])
    const url = await waitForUrl(output, exited)
    expect(output().stdout).toContain('admin / 123456')
    expect(output().stdout).toContain('access TTL 30s')
    expect(output().stdout).toContain('reuse grace 2s')
    // The server is the CLI's; a local backend only lends the options to the client helper.
    const client = createClient(urlTransport(url, createMockBackend()))
    const login = await client.login()
    expect(login.body.data.expiresIn).toBe(30_000)
    expect((await client.refresh()).status).toBe(200)
    child?.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it.each([
    [['--access-ttl', 'soon'], '--access-ttl'],
    [['--frobnicate'], '--frobnicate'],
    [['--refresh-ttl', '500d'], 'refreshTtlMs'],
  ])('exits with code 2 and a clear message for %j', async (args, mention) => {
    const { exited, output } = run(args)
    expect(await exited).toBe(2)
    expect(output().stderr).toContain(mention)
    expect(output().stderr).toContain('--help')
  })
})

import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packedProject, root, runCommand } from './helpers/packed'

// A user who installed only the SDK (no hono, jose, @hono/node-server, msw, redis) and reaches for the
// mock server: the packed package, installed with none of its optional peers.
let packed: Awaited<ReturnType<typeof packedProject>>

beforeAll(async () => {
  packed = await packedProject([])
}, 60_000)
afterAll(() => packed.remove())

const nodeHint = 'npm i -D hono jose @hono/node-server'

describe('without the optional peers', () => {
  it.each([['--help'], ['--port', '0']])(
    'the CLI (%s) names the packages to install and exits with code 2',
    { timeout: 30_000 },
    async (...args) => {
      const cli = 'node_modules/silent-refresh/dist/mock-server/cli.js'
      const ran = await runCommand(process.execPath, [cli, ...args], packed.project)
      expect(ran.code).toBe(2)
      expect(ran.stderr).toContain('needs the optional peer dependency hono')
      expect(ran.stderr).toContain(nodeHint)
      expect(ran.stderr).not.toContain('    at ') // a message, not a stack trace
    },
  )

  it.each([
    ['silent-refresh/mock-server', 'npm i -D hono jose'],
    ['silent-refresh/mock-server/msw', 'npm i -D hono jose msw'],
    ['silent-refresh/mock-server/node', nodeHint],
    ['silent-refresh/mock-server/redis', 'npm i -D redis'],
    ['silent-refresh/vite', nodeHint],
  ])('importing %s throws an error that says: %s', { timeout: 30_000 }, async (entry, hint) => {
    const script = `import(${JSON.stringify(entry)}).then(
      () => console.log('imported'),
      (error) => console.log(error.name + ': ' + error.message))`
    const ran = await runCommand(process.execPath, ['-e', script], packed.project)
    expect(ran.stdout).toContain(`MissingPeerError: ${entry} needs the optional peer dependency`)
    expect(ran.stdout).toContain(`Install what it needs with: ${hint}`)
  })

  it('the fetch flavour needs none of them, not even axios', { timeout: 30_000 }, async () => {
    const script = `import('silent-refresh/fetch').then((m) => console.log(typeof m.createSilentFetch))`
    const ran = await runCommand(process.execPath, ['-e', script], packed.project)
    expect(ran).toEqual({ code: 0, stdout: 'function\n', stderr: '' })
  })

  it('the SDK itself needs none of them, only axios', { timeout: 30_000 }, async () => {
    symlinkSync(join(root, 'node_modules/axios'), join(packed.project, 'node_modules/axios'))
    const script = `import('silent-refresh').then((m) => console.log(typeof m.createSilentRefresh))`
    const ran = await runCommand(process.execPath, ['-e', script], packed.project)
    expect(ran).toEqual({ code: 0, stdout: 'function\n', stderr: '' })
  })
})

import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { publint } from 'publint'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)

/** Imports `specifier` in a plain Node process, resolved through package.json `exports` as a user's would be. */
async function exportsOf(specifier: string): Promise<Record<string, string>> {
  const script = `const m = await import(${JSON.stringify(specifier)});
    console.log(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v]))))`
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
  })
  return JSON.parse(stdout)
}

describe('the built package, as users import it', () => {
  it('has been built (npm test builds first)', () => {
    expect(existsSync(`${root}/dist/src/index.js`), 'run `npm run build`').toBe(true)
    expect(existsSync(`${root}/dist/src/index.d.ts`), 'run `npm run build`').toBe(true)
  })

  /** What both flavours export beside their own factory: the errors, their guards, the parser. */
  const sessionNames = {
    SilentRefreshError: 'function',
    SessionExpiredError: 'function',
    RefreshError: 'function',
    isSessionExpired: 'function',
    isRefreshError: 'function',
    parseTokenResponse: 'function',
  }

  it('exports the public SDK names from `silent-refresh`', async () => {
    expect(await exportsOf('silent-refresh')).toEqual({
      createSilentRefresh: 'function',
      ...sessionNames,
    })
  })

  it('exports the fetch flavour from `silent-refresh/fetch`', async () => {
    expect(await exportsOf('silent-refresh/fetch')).toEqual({
      createSilentFetch: 'function',
      HttpError: 'function',
      ...sessionNames,
    })
  })

  it('exports the OAuth refresh from `silent-refresh/oauth`', async () => {
    expect(await exportsOf('silent-refresh/oauth')).toEqual({
      oauthRefresh: 'function',
      HttpError: 'function',
    })
  })

  it.each([
    ['silent-refresh/mock-server', 'createMockBackend'],
    ['silent-refresh/mock-server/msw', 'createHandlers'],
    ['silent-refresh/mock-server/node', 'startMockServer'],
    ['silent-refresh/mock-server/redis', 'createRedisStore'],
    ['silent-refresh/vite', 'mockAuthBackend'],
  ])('%s exports %s', async (specifier, name) => {
    expect(await exportsOf(specifier)).toMatchObject({ [name]: 'function' })
  })

  it('passes publint (exports, types first, files)', async () => {
    const { messages } = await publint({ pkgDir: root, level: 'warning' })
    expect(messages).toEqual([])
  })
})

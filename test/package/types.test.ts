import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The package as the registry would serve it: `npm pack` of the built tree, checked by
// are-the-types-wrong and compiled into a user's project under each module resolution.
const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = (name: string) => join(root, 'node_modules/.bin', name)
const run = promisify(execFile)
/** Packages the consumer's file imports (peers and their types), linked from this repository. */
const linked = ['axios', 'hono', 'jose', 'msw', '@hono/node-server', 'vite', '@types/node']

let work: string
let tarball: string

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'silent-refresh-types-'))
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root })
  tarball = join(work, JSON.parse(stdout)[0].filename)
  const project = join(work, 'consumer')
  cpSync(join(root, 'test/package/consumer'), project, { recursive: true })
  const installed = join(project, 'node_modules/silent-refresh')
  mkdirSync(installed, { recursive: true })
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'])
  for (const name of linked) {
    mkdirSync(join(project, 'node_modules', name, '..'), { recursive: true })
    symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir')
  }
}, 60_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Runs a command; resolves to its output, or rejects with the output in the message. */
async function check(file: string, args: string[], cwd = root) {
  try {
    const { stdout } = await run(file, args, { cwd, maxBuffer: 16 << 20 })
    return stdout
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout}\n${stderr}`)
  }
}

describe('the published types', () => {
  // esm-only: the package is ESM only, so node10 and require() from CJS cannot resolve it by
  // design; that profile ignores exactly those two and checks node16 (ESM) and bundler.
  it('are clean by are-the-types-wrong for node16 (ESM) and bundler', {
    timeout: 60_000,
  }, async () => {
    // attw exits non-zero on any problem the profile does not ignore; the lines say which.
    const output = await check(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'])
    const verdicts = output.match(/^(node16 \(from ESM\)|bundler): .*$/gm) ?? []
    expect(verdicts.length).toBeGreaterThanOrEqual(5 * 2)
    expect(verdicts.filter((line) => !line.includes('🟢'))).toEqual([])
  })

  it.each(['node16', 'bundler'])(
    'compile in a user project under %s resolution, errors where they must be',
    { timeout: 60_000 },
    async (resolution) => {
      await check(bin('tsc'), ['-p', `tsconfig.${resolution}.json`], join(work, 'consumer'))
    },
  )
})

import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bin, check, packedProject, root } from './helpers/packed'

// The packed package checked by are-the-types-wrong and compiled into a user's project (the
// consumer/ folder) under each module resolution a user may have.
/** Packages the consumer's file imports (peers and their types), linked from this repository. */
const linked = ['axios', 'hono', 'jose', 'msw', '@hono/node-server', 'vite', 'redis', '@types/node']
let packed: Awaited<ReturnType<typeof packedProject>>

beforeAll(async () => {
  packed = await packedProject(linked, join(root, 'test/package/consumer'))
}, 60_000)
afterAll(() => packed.remove())

describe('the published types', () => {
  // esm-only: the package is ESM only, so node10 and require() from CJS cannot resolve it by
  // design; that profile ignores exactly those two and checks node16 (ESM) and bundler.
  it('are clean by are-the-types-wrong for node16 (ESM) and bundler', {
    timeout: 60_000,
  }, async () => {
    // attw exits non-zero on any problem the profile does not ignore; the lines say which.
    const output = await check(bin('attw'), [
      packed.tarball,
      '--profile',
      'esm-only',
      '--format',
      'ascii',
    ])
    const verdicts = output.match(/^(node16 \(from ESM\)|bundler): .*$/gm) ?? []
    expect(verdicts.length).toBeGreaterThanOrEqual(5 * 2)
    expect(verdicts.filter((line) => !line.includes('🟢'))).toEqual([])
  })

  it.each(['node16', 'bundler'])(
    'compile in a user project under %s resolution, errors where they must be',
    { timeout: 60_000 },
    async (resolution) => {
      await check(bin('tsc'), ['-p', `tsconfig.${resolution}.json`], packed.project)
    },
  )
})

import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Rolldown } from 'vite'

/** The size the core issue asked for: not met yet by the full feature set (see the README). */
export const BUNDLE_TARGET_BYTES = 2500
/**
 * What `npm test` enforces for the main entry as a browser bundle (axios external, min+gzip):
 * the measured 2,753 B plus a little room, so growth is caught while the target is open.
 */
export const BUNDLE_BUDGET_BYTES = 2800

/**
 * Bundles `src/index.ts` for the browser as an app's production build would (full minification;
 * Vite's library mode keeps whitespace in ES output), with axios external, and measures it.
 */
export async function measureBundle(): Promise<{ minified: number; gzipped: number }> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      rolldownOptions: {
        input: fileURLToPath(new URL('../src/index.ts', import.meta.url)),
        preserveEntrySignatures: 'strict',
        external: ['axios'],
      },
    },
  })) as Rolldown.RolldownOutput
  const chunk = output.output[0]
  const code = Buffer.from(chunk.code)
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length }
}

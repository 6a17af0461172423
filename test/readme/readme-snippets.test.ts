import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// Every example file here holds a README snippet between markers; the README must show it
// verbatim, so the docs cannot drift from code that runs.
const here = new URL('./', import.meta.url)
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
/** The README's TypeScript blocks; a snippet may sit in one after lines that set its scene. */
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) => code ?? '')
const snippets = readdirSync(here)
  .filter((file) => !file.endsWith('.test.ts'))
  .flatMap((file) => {
    const text = readFileSync(new URL(file, here), 'utf8')
    return [
      ...text.matchAll(
        /\/\/ --- README example: (.+) ---\n([\s\S]*?)\/\/ --- end of README example ---/g,
      ),
    ].map(([, name, code]) => [`${file}: ${name}`, code ?? ''] as const)
  })

describe('README examples', () => {
  it('are found', () => expect(snippets.length).toBeGreaterThan(0))
  it.each(snippets)('%s is in the README verbatim', (_name, code) => {
    expect(blocks.some((block) => block.trimEnd().endsWith(code.trimEnd()))).toBe(true)
  })
})

import { gzipSync } from 'node:zlib'
import { build, type Rolldown } from 'vite'

// measures src/index.ts with module replacements: argv pairs "file=replacementCode"
const replacements = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const i = a.indexOf('=')
    return [a.slice(0, i), a.slice(i + 1)]
  }),
)
const out = (await build({
  configFile: false,
  logLevel: 'silent',
  plugins: [
    {
      name: 'r',
      enforce: 'pre',
      load(id) {
        for (const [k, v] of Object.entries(replacements)) if (id.endsWith(k)) return v
      },
    },
  ],
  build: {
    write: false,
    minify: true,
    target: 'es2022',
    rolldownOptions: {
      input: process.env.ENTRY ?? '/work/main/src/index.ts',
      preserveEntrySignatures: 'strict',
      external: ['axios'],
    },
  },
})) as Rolldown.RolldownOutput
const code = out.output[0].code
if (process.env.DUMP) (await import('node:fs')).writeFileSync(process.env.DUMP, code)
console.log(gzipSync(Buffer.from(code), { level: 9 }).length)

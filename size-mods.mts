import { gzipSync } from 'node:zlib'
import { build, type Rolldown } from 'vite'

const out = (await build({
  configFile: false,
  logLevel: 'silent',
  build: {
    write: false,
    minify: true,
    target: 'es2022',
    rolldownOptions: {
      input: '/work/main/src/index.ts',
      preserveEntrySignatures: 'strict',
      external: ['axios'],
      output: { preserveModules: true },
    },
  },
})) as Rolldown.RolldownOutput
let total = 0
for (const c of out.output)
  if (c.type === 'chunk') {
    const g = gzipSync(Buffer.from(c.code), { level: 9 }).length
    total += c.code.length
    console.log(String(c.code.length).padStart(6), String(g).padStart(5), c.fileName)
  }
console.log(total)
const fs = await import('node:fs')
for (const c of out.output)
  if (c.type === 'chunk') fs.writeFileSync('/tmp/mod-' + c.fileName.replace(/\//g, '_'), c.code)

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { parseDuration } from '../mock-server/adapters/duration'
import { mockAuthBackend } from '../mock-server/adapters/vite-plugin'
import { demoBanner } from './server/banner'
import { setCookieMirror } from './server/set-cookie-mirror'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const ttlText = process.env.DEMO_ACCESS_TTL ?? '20s'
const accessTtlMs = parseDuration(ttlText)
if (accessTtlMs === undefined || accessTtlMs === 0) {
  throw new Error(`DEMO_ACCESS_TTL: expected a duration like 20s or 2m, got "${ttlText}"`)
}

/**
 * `npm run demo`: the demo page and the mock backend on one origin, so the real HttpOnly
 * refresh cookie flows. A short access-token life (DEMO_ACCESS_TTL, default 20s) makes refreshes
 * happen while you watch.
 */
export default defineConfig({
  root: here('.'),
  resolve: { alias: [{ find: /^silent-refresh$/, replacement: here('../src/index.ts') }] },
  // The mirror goes first: it must wrap the backend's answers to show the page their Set-Cookie.
  plugins: [setCookieMirror(), mockAuthBackend({ accessTtlMs }), demoBanner(accessTtlMs)],
  server: { port: Number(process.env.PORT ?? 5173), strictPort: false },
  build: { outDir: here('../dist/demo'), emptyOutDir: true },
})

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { mockAuthBackend } from '../mock-server/vite'
import { parseDuration } from '../mock-server/duration'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * `npm run demo`: the demo page and the mock backend on one origin, so the real HttpOnly
 * refresh cookie flows. A short access-token life (DEMO_ACCESS_TTL, default 20s) makes refreshes
 * happen while you watch.
 */
export default defineConfig({
  root: here('.'),
  resolve: { alias: { 'silent-refresh': here('../src/index.ts') } },
  plugins: [mockAuthBackend({ accessTtlMs: parseDuration(process.env.DEMO_ACCESS_TTL ?? '20s') ?? 20_000 })],
  server: { port: Number(process.env.PORT ?? 5173), strictPort: false },
  build: { outDir: here('../dist/demo'), emptyOutDir: true },
})

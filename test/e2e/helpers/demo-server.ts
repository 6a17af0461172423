import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'
import type { RuntimeConfigPatch } from '../../../mock-server/protocol/config'
import type { MockStats } from '../../../mock-server/protocol/stats'

export interface DemoServer {
  /** e.g. `http://localhost:41237/` */
  url: string
  stats(): Promise<MockStats>
  /** Forgets every session and counter; `config` then changes the runtime settings. */
  reset(config?: RuntimeConfigPatch): Promise<void>
  close(): Promise<void>
}

/**
 * `npm run demo` on a free port: the same Vite config, the mock backend on the page's origin.
 * No file watching, so edits elsewhere in the tree never restart it (and reset the backend)
 * in the middle of a test; a fresh dependency cache, so every run starts as cold as CI's.
 */
export async function startDemoServer(): Promise<DemoServer> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'silent-refresh-e2e-'))
  const server = await createServer({
    configFile: fileURLToPath(new URL('../../../demo/vite.config.ts', import.meta.url)),
    cacheDir,
    logLevel: 'error',
    server: { port: 0, strictPort: false, watch: null, hmr: false },
  })
  await server.listen()
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('the demo server has no local URL')

  async function call<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, url), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const envelope = (await response.json()) as { data: T; message: string }
    if (!response.ok) throw new Error(`${path}: ${response.status} ${envelope.message}`)
    return envelope.data
  }

  return {
    url,
    stats: () => call<MockStats>('/__mock/stats'),
    async reset(config) {
      await call('/__mock/reset', {})
      if (config) await call('/__mock/config', config)
    },
    async close() {
      await server.close()
      await rm(cacheDir, { recursive: true, force: true })
    },
  }
}

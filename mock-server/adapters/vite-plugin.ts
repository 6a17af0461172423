import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import type { MockBackend } from '../backend.js'
import { createMockBackend } from '../backend.js'
import { isBackendPath } from '../http/paths.js'
import type { MockBackendOptions } from '../protocol/options.js'
import { createNodeListener } from './node-listener.js'

type Next = (error?: unknown) => void

/**
 * A Vite plugin serving the mock backend from the dev (and preview) server, on the page's own
 * origin, for `/api/*` and `/__mock/*`. The backend is at `plugin.api.backend`.
 *
 * @example
 * // vite.config.ts
 * import { mockAuthBackend } from 'silent-refresh/vite'
 * export default defineConfig({ plugins: [mockAuthBackend({ accessTtlMs: 10_000 })] })
 */
export function mockAuthBackend(
  options: MockBackendOptions = {},
): Plugin & { api: { backend: MockBackend } } {
  const backend = createMockBackend(options)
  const listener = createNodeListener(backend)
  const middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (!isBackendPath(path)) return next()
    listener(req, res).catch(next)
  }
  return {
    name: 'silent-refresh:mock-auth-backend',
    api: { backend },
    // Registered directly (not in a returned post hook) so it runs before Vite's own middlewares.
    configureServer(server) {
      server.middlewares.use(middleware)
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware)
    },
  }
}

export type { MockBackend } from '../backend.js'
export type { MockBackendOptions } from '../protocol/options.js'

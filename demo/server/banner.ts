import type { Plugin } from 'vite'
import { formatDuration } from '../../mock-server/adapters/duration'

/** Adds the access-token lifetime under the URLs Vite prints, so nobody wonders why it is short. */
export function demoBanner(accessTtlMs: number): Plugin {
  return {
    name: 'silent-refresh-demo:banner',
    configureServer(server) {
      const printUrls = server.printUrls.bind(server)
      server.printUrls = () => {
        printUrls()
        server.config.logger.info(
          `  ➜  Access tokens live ${formatDuration(accessTtlMs)}; change with DEMO_ACCESS_TTL=45s`,
        )
      }
    },
  }
}

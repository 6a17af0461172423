// silent-refresh/vite: the backend inside the Vite dev (and preview) server.
import { NODE_PEERS, withPeers } from './peers.js'

const plugin = await withPeers(
  'silent-refresh/vite',
  NODE_PEERS,
  () => import('./adapters/vite-plugin.js'),
)

export const { mockAuthBackend } = plugin
export type * from './adapters/vite-plugin.js'

// silent-refresh/mock-server/node: the backend on a real HTTP server.
import { NODE_PEERS, withPeers } from './peers.js'

const server = await withPeers(
  'silent-refresh/mock-server/node',
  NODE_PEERS,
  () => import('./adapters/node-server.js'),
)

export const { startMockServer } = server
export type * from './adapters/node-server.js'

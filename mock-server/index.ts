// silent-refresh/mock-server: the rotating backend as a Fetch handler, and its store.
import { BACKEND_PEERS, withPeers } from './peers.js'

const backend = await withPeers(
  'silent-refresh/mock-server',
  BACKEND_PEERS,
  () => import('./public.js'),
)

export const {
  createMockBackend,
  createMemoryStore,
  defaultOptions,
  defaultUsers,
  StoreUnavailableError,
} = backend
export { MissingPeerError } from './peers.js'
export type * from './public.js'

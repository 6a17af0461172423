// silent-refresh/mock-server/msw: the backend as msw request handlers.
import { BACKEND_PEERS, withPeers } from './peers.js'

const msw = await withPeers(
  'silent-refresh/mock-server/msw',
  [...BACKEND_PEERS, 'msw'],
  () => import('./adapters/msw-handlers.js'),
)

export const { createHandlers } = msw
export type * from './adapters/msw-handlers.js'

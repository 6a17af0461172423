// silent-refresh/mock-server/redis: a MockStore in Redis, so several instances serve one backend.
import { REDIS_PEERS, withPeers } from './peers.js'

const redis = await withPeers(
  'silent-refresh/mock-server/redis',
  REDIS_PEERS,
  () => import('./adapters/redis-store.js'),
)

export const { createRedisStore } = redis
export type { RedisClientLike, RedisStore, RedisStoreOptions } from './adapters/redis-store.js'
export { StoreUnavailableError } from './protocol/store.js'

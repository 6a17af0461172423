export type { MockBackend } from './backend.js'
export { createMockBackend } from './backend.js'
export type { FetchContext } from './http/app-env.js'
export type { Envelope } from './http/envelope.js'
export type { SessionInfo } from './http/routes/devices.js'
export type { TokenData } from './http/routes/respond.js'
export type { FailRefresh, RuntimeConfig, RuntimeConfigPatch } from './protocol/config.js'
export type { MemoryStoreOptions } from './protocol/memory-store.js'
export { createMemoryStore } from './protocol/memory-store.js'
export type {
  MockBackendOptions,
  RefreshCookieOptions,
  ResolvedOptions,
} from './protocol/options.js'
export { defaultOptions } from './protocol/options.js'
export type { RtRecord, TokenRef } from './protocol/records.js'
export type { MockStats } from './protocol/stats.js'
export type { MockStore, StoreUpdate } from './protocol/store.js'
export type { AccessClaims, RefreshClaims } from './protocol/tokens.js'
export type { MockUser } from './protocol/users.js'
export { defaultUsers } from './protocol/users.js'

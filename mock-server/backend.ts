import { createApp } from './http/app.js'
import type { BridgedFetchContext, FetchContext } from './http/app-env.js'
import { envelopeResponse } from './http/envelope.js'
import type { RuntimeConfig, RuntimeConfigPatch } from './protocol/config.js'
import { createConfig } from './protocol/config.js'
import type { Deps } from './protocol/deps.js'
import { createMemoryStore } from './protocol/memory-store.js'
import type { MockBackendOptions, ResolvedOptions } from './protocol/options.js'
import { normalizeOptions } from './protocol/options.js'
import type { MockStats } from './protocol/stats.js'
import { createStats } from './protocol/stats.js'
import type { MockStore } from './protocol/store.js'
import { createTokenService } from './protocol/tokens.js'

/** The rotating backend as a runtime-free Fetch handler. */
export interface MockBackend {
  /**
   * Answers one request. Mounts on a real socket pass `{ clientIp }`; without it the client IP
   * is `'unknown'` (the device id then depends on the User-Agent alone).
   */
  fetch(request: Request, context?: FetchContext): Promise<Response>
  /**
   * Empties the store (this backend's keys only), zeroing the counters and dropping
   * `/__mock/config` overrides, for every instance that shares the store.
   */
  reset(): Promise<void>
  /** The counters (shared by the instances that share the store). */
  stats(): Promise<MockStats>
  /** The effective runtime config: the options plus `/__mock/config` overrides. */
  config(): Promise<RuntimeConfig>
  /** Same as `POST /__mock/config`; throws a `TypeError` naming a bad field. */
  configure(patch: RuntimeConfigPatch): Promise<RuntimeConfig>
  readonly options: Readonly<ResolvedOptions>
  readonly store: MockStore
}

/**
 * Creates the mock backend. Every instance has its own store and (unless given) key; instances
 * given one shared store and one secret are one backend.
 *
 * @example
 * const backend = createMockBackend({ accessTtlMs: 5_000 })
 * const res = await backend.fetch(new Request('http://localhost/api/auth/login', {
 *   method: 'POST',
 *   headers: { 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ username: 'admin', password: '123456' }),
 * }))
 */
export function createMockBackend(options: MockBackendOptions = {}): MockBackend {
  const resolved = normalizeOptions(options)
  const store = resolved.store ?? createMemoryStore({ now: resolved.now })
  const deps: Deps = {
    options: resolved,
    config: createConfig(resolved, store),
    store,
    stats: createStats(store),
    tokens: createTokenService(resolved.secret, resolved.now, resolved.clockToleranceMs),
    now: resolved.now,
  }
  const app = createApp(deps)
  return {
    async fetch(request, context = {}) {
      try {
        return await app.fetch(request, { ...(context as BridgedFetchContext) })
      } catch (error) {
        // hono already routes handler errors to onError; this catches failures around it.
        console.error('[silent-refresh mock-server]', error)
        return envelopeResponse(500, 'Internal error in the mock server')
      }
    },
    reset: () => store.clear(),
    stats: () => deps.stats.read(),
    config: () => deps.config.read(),
    configure: (patch) => deps.config.apply(patch),
    options: resolved,
    store,
  }
}

import { createApp } from './app.js'
import type { RuntimeConfig, RuntimeConfigPatch } from './config.js'
import { createConfig } from './config.js'
import type { BridgedFetchContext, Core, FetchContext } from './core.js'
import { resetCore } from './core.js'
import { envelopeResponse } from './envelope.js'
import { createMemoryStore } from './memory-store.js'
import type { MockBackendOptions, ResolvedOptions } from './options.js'
import { normalizeOptions } from './options.js'
import type { MockStats } from './stats.js'
import { emptyStats } from './stats.js'
import type { MockStore } from './store.js'
import { createTokenService } from './tokens.js'

/** The rotating backend as a runtime-free Fetch handler. */
export interface MockBackend {
  /**
   * Answers one request. Mounts on a real socket pass `{ clientIp }`; without it the client IP
   * is `'unknown'` (the device id then depends on the User-Agent alone).
   */
  fetch(request: Request, context?: FetchContext): Promise<Response>
  /** Empties the store, zeroes the counters and drops `/__mock/config` overrides. */
  reset(): Promise<void>
  /** A snapshot of the counters. */
  stats(): MockStats
  /** The effective runtime config (options plus `/__mock/config` overrides). */
  readonly config: RuntimeConfig
  /** Same as `POST /__mock/config`; throws a `TypeError` naming a bad field. */
  configure(patch: RuntimeConfigPatch): RuntimeConfig
  readonly options: Readonly<ResolvedOptions>
  readonly store: MockStore
}

/**
 * Creates the mock backend. Every instance has its own store, counters and (unless given) key.
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
  const core: Core = {
    options: resolved,
    config: createConfig(resolved),
    store: resolved.store ?? createMemoryStore({ now: resolved.now }),
    stats: emptyStats(),
    tokens: createTokenService(resolved.secret, resolved.now, resolved.clockToleranceMs),
    now: resolved.now,
  }
  const app = createApp(core)
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
    reset: () => resetCore(core),
    stats: () => ({ ...core.stats }),
    get config() {
      return core.config.current
    },
    configure: (patch) => core.config.apply(patch),
    options: resolved,
    store: core.store,
  }
}

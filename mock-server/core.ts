import type { ConfigHolder } from './config.js'
import type { ResolvedOptions } from './options.js'
import type { MockStats } from './stats.js'
import type { MockStore } from './store.js'
import type { TokenService } from './tokens.js'

/** Everything a route needs, built once per backend (no module-level state). */
export interface Core {
  options: ResolvedOptions
  config: ConfigHolder
  store: MockStore
  stats: MockStats
  tokens: TokenService
  now: () => number
}

/** Per-request values the mounts pass to `backend.fetch(request, context)`. */
export interface FetchContext {
  /** The socket address; the Node server and the Vite plugin pass it, msw cannot. */
  clientIp?: string
}

/**
 * Extra hooks for the msw mount: in a browser, `Cookie` cannot be set on a `Request` and
 * `Set-Cookie` is stripped from a `Response`, so cookies travel beside them.
 * @internal
 */
export interface BridgedFetchContext extends FetchContext {
  cookieHeader?: string
  onSetCookie?: (serialized: string) => void
}

/** Back to a fresh start: empty store, zeroed counters, no config overrides. */
export async function resetCore(core: Core): Promise<void> {
  await core.store.clear()
  for (const key of Object.keys(core.stats) as Array<keyof MockStats>) core.stats[key] = 0
  core.config.reset()
}

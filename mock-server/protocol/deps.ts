import type { ConfigHolder } from './config.js'
import type { ResolvedOptions } from './options.js'
import type { MockStats } from './stats.js'
import type { MockStore } from './store.js'
import type { TokenService } from './tokens.js'

/** What the protocol and the routes work with, built once per backend (no module-level state). */
export interface Deps {
  options: ResolvedOptions
  config: ConfigHolder
  store: MockStore
  stats: MockStats
  tokens: TokenService
  now: () => number
}

/** Back to a fresh start: empty store, zeroed counters, no config overrides. */
export async function resetDeps(deps: Deps): Promise<void> {
  await deps.store.clear()
  for (const key of Object.keys(deps.stats) as Array<keyof MockStats>) deps.stats[key] = 0
  deps.config.reset()
}

import type { ConfigHolder } from './config.js'
import type { ResolvedOptions } from './options.js'
import type { Stats } from './stats.js'
import type { MockStore } from './store.js'
import type { TokenService } from './tokens.js'

/** What the protocol and the routes work with, built once per backend (no module-level state). */
export interface Deps {
  options: ResolvedOptions
  config: ConfigHolder
  store: MockStore
  stats: Stats
  tokens: TokenService
  now: () => number
}

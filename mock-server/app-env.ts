import type { BridgedFetchContext } from './core.js'
import type { AccessClaims } from './tokens.js'

/** The hono environment: bindings are what `backend.fetch()` got as its second argument. */
export interface AppEnv {
  Bindings: BridgedFetchContext
  Variables: { access: AccessClaims }
}

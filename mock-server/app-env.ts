import type { BridgedFetchContext } from './core'
import type { AccessClaims } from './tokens'

/** The hono environment: bindings are what `backend.fetch()` got as its second argument. */
export interface AppEnv {
  Bindings: BridgedFetchContext
  Variables: { access: AccessClaims }
}

import type { RuntimeConfig } from '../protocol/config.js'
import type { AccessClaims } from '../protocol/tokens.js'

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

/** The hono environment: bindings are what `backend.fetch()` got as its second argument. */
export interface AppEnv {
  Bindings: BridgedFetchContext
  Variables: {
    access: AccessClaims
    /** The runtime config, read once per request (it lives in the store). */
    config: RuntimeConfig
  }
}

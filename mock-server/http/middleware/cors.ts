import { cors } from 'hono/cors'
import type { Deps } from '../../protocol/deps.js'
import { isAllowedOrigin } from './csrf.js'

/**
 * CORS with credentials: the answer names the caller's origin when it is allowed and sends no
 * `Access-Control-Allow-Origin` at all otherwise, never `*`.
 */
export const corsFor = (deps: Deps) =>
  cors({
    origin: (origin, c) => (isAllowedOrigin(deps, c, origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Requested-With'],
    // The SDK reads the challenge; the demo shows whether the HttpOnly cookie travelled.
    exposeHeaders: ['WWW-Authenticate', 'X-Mock-Refresh-Cookie'],
    maxAge: 600,
  })

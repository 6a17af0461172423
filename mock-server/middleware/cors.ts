import { cors } from 'hono/cors'
import type { Core } from '../core.js'
import { isAllowedOrigin } from './csrf.js'

/**
 * CORS with credentials: the answer names the caller's origin when it is allowed and sends no
 * `Access-Control-Allow-Origin` at all otherwise, never `*`.
 */
export const corsFor = (core: Core) =>
  cors({
    origin: (origin, c) => (isAllowedOrigin(core, c, origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Requested-With'],
    // The SDK reads the challenge; the demo shows whether the HttpOnly cookie travelled.
    exposeHeaders: ['WWW-Authenticate', 'X-Mock-Refresh-Cookie'],
    maxAge: 600,
  })

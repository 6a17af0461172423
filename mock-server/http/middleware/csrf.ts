import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Deps } from '../../protocol/deps.js'
import type { AppEnv } from '../app-env.js'
import { fail } from '../envelope.js'

/** The backend's own origin is always allowed; others only when listed in `allowedOrigins`. */
export function isAllowedOrigin(deps: Deps, c: Context, origin: string): boolean {
  if (origin === '' || origin === 'null') return false
  return origin === new URL(c.req.url).origin || deps.options.allowedOrigins.includes(origin)
}

/**
 * CSRF guard for state-changing requests. `requireHeader` demands `X-Requested-With` on the
 * cookie-authenticated endpoints: a custom header forces a CORS preflight cross-origin, which
 * a foreign page cannot pass.
 */
export const csrf = (deps: Deps, { requireHeader }: { requireHeader: boolean }) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.header('Sec-Fetch-Site')?.toLowerCase() === 'cross-site') {
      return fail(c, 403, 'Cross-site request refused (Sec-Fetch-Site: cross-site)')
    }
    const origin = c.req.header('Origin')
    if (origin !== undefined && !isAllowedOrigin(deps, c, origin)) {
      return fail(c, 403, 'Request origin is not allowed')
    }
    if (requireHeader && !c.req.header('X-Requested-With')) {
      return fail(c, 403, 'Missing X-Requested-With header (CSRF protection)')
    }
    await next()
  })

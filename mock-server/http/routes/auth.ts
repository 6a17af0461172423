import type { Context } from 'hono'
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Deps } from '../../protocol/deps.js'
import { clientIp, deviceId } from '../../protocol/device.js'
import { revokeFamily, startFamily } from '../../protocol/families.js'
import { refreshSession } from '../../protocol/rotation.js'
import type { RefreshClaims } from '../../protocol/tokens.js'
import { authenticate } from '../../protocol/users.js'
import type { AppEnv } from '../app-env.js'
import { readJsonObject, stringField } from '../body.js'
import { unauthorized } from '../challenge.js'
import { CONFLICT, clearRefreshCookie, readRefreshCookie } from '../cookie.js'
import { fail, ok } from '../envelope.js'
import { checkAccess } from '../middleware/bearer.js'
import { csrf } from '../middleware/csrf.js'
import { dropRefresh } from '../middleware/drop.js'
import { rejectRefresh, sendTokens } from './respond.js'

/** `POST /api/auth/login`, `/refresh`, `/logout`. */
export function authRoutes(deps: Deps) {
  const routes = new Hono<AppEnv>()

  routes.post('/login', csrf(deps, { requireHeader: false }), async (c) => {
    const body = await readJsonObject(c)
    const user = authenticate(
      deps.options.users,
      stringField(body, 'username'),
      stringField(body, 'password', 1000),
    )
    if (!user) return unauthorized(c, deps, { message: 'Invalid username or password' })
    const userAgent = c.req.header('User-Agent') ?? ''
    const device = await deviceId(
      userAgent,
      clientIp(c.req.raw.headers, c.env?.clientIp, deps.options.trustProxy),
    )
    const issued = await startFamily(deps, c.get('config'), user, device, userAgent)
    return sendTokens(c, deps, issued, 'Signed in')
  })

  routes.post('/refresh', csrf(deps, { requireHeader: true }), dropRefresh(deps), async (c) => {
    const injected = c.get('config').failRefresh
      ? await deps.config.takeRefreshFailure()
      : undefined
    if (injected !== undefined) return injectedFailure(c, deps, injected)
    const token = readRefreshCookie(c, deps)
    if (token === CONFLICT)
      return rejectRefresh(c, deps, 'Several refresh cookies were sent; none is trusted', true)
    if (!token) return rejectRefresh(c, deps)
    const verified = await deps.tokens.verifyRefresh(token)
    if (!verified.ok) {
      return rejectRefresh(
        c,
        deps,
        verified.expired ? 'The refresh token expired' : 'The refresh token is invalid',
      )
    }
    const outcome = await refreshSession(deps, c.get('config'), verified.claims)
    if (outcome.kind === 'reused') {
      return rejectRefresh(c, deps, 'The refresh token was already used; the session is revoked')
    }
    if (outcome.kind === 'revoked') return rejectRefresh(c, deps, 'The refresh token was revoked')
    return sendTokens(c, deps, outcome, 'Refreshed')
  })

  // Idempotent: the session the credentials name is revoked (with every access token it issued),
  // and the cookie is always cleared. A newer login on the device is left alone.
  routes.post('/logout', csrf(deps, { requireHeader: true }), async (c) => {
    const access = await checkAccess(deps, c)
    const refresh = await readRefreshClaims(deps, c)
    if (refresh) await revokeFamily(deps, refresh.sub, refresh.dev, { fam: refresh.fam, exp: 0 })
    if (access.ok && access.claims.fam !== refresh?.fam)
      await revokeFamily(deps, access.claims.sub, access.claims.dev, access.claims)
    await deps.stats.count('logouts')
    clearRefreshCookie(c, deps, readRefreshCookie(c, deps) === CONFLICT)
    return ok(c, null, 'Signed out')
  })

  return routes
}

async function readRefreshClaims(
  deps: Deps,
  c: Context<AppEnv>,
): Promise<RefreshClaims | undefined> {
  const token = readRefreshCookie(c, deps)
  const verified = typeof token === 'string' ? await deps.tokens.verifyRefresh(token) : undefined
  return verified?.ok ? verified.claims : undefined
}

/** `/__mock/config` `failRefresh`: answers like the real thing would, without touching the record. */
function injectedFailure(c: Context<AppEnv>, deps: Deps, status: number) {
  if (status === 401) return rejectRefresh(c, deps, 'Injected failure (failRefresh)')
  return fail(c, status as ContentfulStatusCode, `Injected failure (failRefresh): ${status}`)
}

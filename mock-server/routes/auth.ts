import type { Context } from 'hono'
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../app-env.js'
import { readJsonObject, stringField } from '../body.js'
import { unauthorized } from '../challenge.js'
import { clearRefreshCookie, readCookie } from '../cookie.js'
import type { Core } from '../core.js'
import { clientIp, deviceId } from '../device.js'
import { fail, ok } from '../envelope.js'
import { checkAccess } from '../middleware/bearer.js'
import { csrf } from '../middleware/csrf.js'
import { dropRefresh } from '../middleware/drop.js'
import type { RtRecord } from '../records.js'
import { rtKey } from '../records.js'
import { refreshSession } from '../rotation.js'
import { denyAccess, revokeRecord, startSession } from '../sessions.js'
import type { RefreshClaims } from '../tokens.js'
import { authenticate } from '../users.js'
import { rejectRefresh, sendTokens } from './respond.js'

/** `POST /api/auth/login`, `/refresh`, `/logout`. */
export function authRoutes(core: Core) {
  const routes = new Hono<AppEnv>()
  const cookieName = core.options.cookie.name

  routes.post('/login', csrf(core, { requireHeader: false }), async (c) => {
    const body = await readJsonObject(c)
    const user = authenticate(
      core.options.users,
      stringField(body, 'username'),
      stringField(body, 'password', 1000),
    )
    if (!user) return unauthorized(c, core, { message: 'Invalid username or password' })
    const userAgent = c.req.header('User-Agent') ?? ''
    const device = await deviceId(
      userAgent,
      clientIp(c.req.raw.headers, c.env?.clientIp, core.options.trustProxy),
    )
    return sendTokens(c, core, await startSession(core, user, device, userAgent), 'Signed in')
  })

  routes.post('/refresh', csrf(core, { requireHeader: true }), dropRefresh(core), async (c) => {
    const injected = core.config.takeRefreshFailure()
    if (injected !== undefined) return injectedFailure(c, core, injected)
    const token = readCookie(c, cookieName)
    if (!token) return rejectRefresh(c, core)
    const verified = await core.tokens.verifyRefresh(token)
    if (!verified.ok) {
      return rejectRefresh(
        c,
        core,
        verified.expired ? 'The refresh token expired' : 'The refresh token is invalid',
      )
    }
    const outcome = await refreshSession(core, verified.claims)
    if (outcome.kind === 'reused') {
      return rejectRefresh(c, core, 'The refresh token was already used; the session is revoked')
    }
    if (outcome.kind === 'revoked') return rejectRefresh(c, core, 'The refresh token was revoked')
    return sendTokens(c, core, outcome, 'Refreshed')
  })

  // Idempotent: whatever valid credentials came are revoked, the cookie is always cleared.
  routes.post('/logout', csrf(core, { requireHeader: true }), async (c) => {
    const access = await checkAccess(core, c)
    const refresh = await readRefreshClaims(core, c)
    if (access.ok) await denyAccess(core, access.claims)
    const owner = refresh ?? (access.ok ? access.claims : undefined)
    if (owner) {
      const record = await core.store.get<RtRecord>(rtKey(owner.sub, owner.dev))
      if (record && (!refresh || record.family === refresh.fam)) await revokeRecord(core, record)
    }
    core.stats.logouts++
    clearRefreshCookie(c, core.options.cookie)
    return ok(c, null, 'Signed out')
  })

  return routes
}

async function readRefreshClaims(
  core: Core,
  c: Context<AppEnv>,
): Promise<RefreshClaims | undefined> {
  const token = readCookie(c, core.options.cookie.name)
  const verified = token ? await core.tokens.verifyRefresh(token) : undefined
  return verified?.ok ? verified.claims : undefined
}

/** `/__mock/config` `failRefresh`: answers like the real thing would, without touching the record. */
function injectedFailure(c: Context<AppEnv>, core: Core, status: number) {
  if (status === 401) return rejectRefresh(c, core, 'Injected failure (failRefresh)')
  return fail(c, status as ContentfulStatusCode, `Injected failure (failRefresh): ${status}`)
}

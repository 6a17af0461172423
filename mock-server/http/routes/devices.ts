import { Hono } from 'hono'
import type { Deps } from '../../protocol/deps.js'
import { DEVICE_PATTERN } from '../../protocol/device.js'
import { listRecords, revokeFamily } from '../../protocol/families.js'
import type { RtRecord } from '../../protocol/records.js'
import type { AppEnv } from '../app-env.js'
import { clearRefreshCookie } from '../cookie.js'
import { fail, ok } from '../envelope.js'
import { requireAccess } from '../middleware/bearer.js'
import { csrf } from '../middleware/csrf.js'

/** One entry of `GET /api/auth/sessions`. Times are ISO 8601. */
export interface SessionInfo {
  device: string
  /** The device the access token was issued to. */
  current: boolean
  userAgent: string
  createdAt: string
  /** `null` until the first rotation. */
  rotatedAt: string | null
  expiresAt: string
}

const iso = (ms: number) => new Date(ms).toISOString()

const toInfo = (record: RtRecord, currentDevice: string): SessionInfo => ({
  device: record.device,
  current: record.device === currentDevice,
  userAgent: record.userAgent,
  createdAt: iso(record.createdAt),
  rotatedAt: record.rotatedAt === null ? null : iso(record.rotatedAt),
  expiresAt: iso(record.expiresAt),
})

/** `GET /api/auth/sessions` and `DELETE /api/auth/sessions/:device`. */
export function deviceRoutes(deps: Deps) {
  const routes = new Hono<AppEnv>()

  routes.get('/', requireAccess(deps), async (c) => {
    const access = c.get('access')
    const records = await listRecords(deps, access.sub)
    const sessions = records
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((record) => toInfo(record, access.dev))
    return ok(c, sessions)
  })

  routes.delete('/:device', csrf(deps, { requireHeader: true }), requireAccess(deps), async (c) => {
    const access = c.get('access')
    const device = c.req.param('device')
    const revoked = DEVICE_PATTERN.test(device)
      ? await revokeFamily(deps, access.sub, device)
      : undefined
    if (!revoked) return fail(c, 404, 'No such session')
    // Revoking this very device signs it out here too.
    if (device === access.dev) clearRefreshCookie(c, deps)
    return ok(c, { device }, 'Session revoked')
  })

  return routes
}

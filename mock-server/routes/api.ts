import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import type { Core } from '../core'
import { employees } from '../employees'
import { ok } from '../envelope'
import { requireAccess } from '../middleware/bearer'

/** `GET /api/employees`: the protected resource the demo lists. */
export function apiRoutes(core: Core) {
  return new Hono<AppEnv>().get('/employees', requireAccess(core), (c) => ok(c, employees))
}

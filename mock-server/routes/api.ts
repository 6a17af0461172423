import { Hono } from 'hono'
import type { AppEnv } from '../app-env.js'
import type { Core } from '../core.js'
import { employees } from '../employees.js'
import { ok } from '../envelope.js'
import { requireAccess } from '../middleware/bearer.js'

/** `GET /api/employees`: the protected resource the demo lists. */
export function apiRoutes(core: Core) {
  return new Hono<AppEnv>().get('/employees', requireAccess(core), (c) => ok(c, employees))
}

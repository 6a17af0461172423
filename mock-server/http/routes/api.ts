import { Hono } from 'hono'
import type { Deps } from '../../protocol/deps.js'
import type { AppEnv } from '../app-env.js'
import { employees } from '../employees.js'
import { ok } from '../envelope.js'
import { requireAccess } from '../middleware/bearer.js'

/** `GET /api/employees`: the protected resource the demo lists. */
export function apiRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/employees', requireAccess(deps), (c) => ok(c, employees))
}

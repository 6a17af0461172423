import { Hono } from 'hono'
import type { Deps } from '../../protocol/deps.js'
import { denyFamily, listRecords } from '../../protocol/families.js'
import { refreshExp } from '../../protocol/records.js'
import { refreshSession } from '../../protocol/rotation.js'
import type { AppEnv } from '../app-env.js'
import { readJsonObject, stringField } from '../body.js'
import { clientError, fail, ok } from '../envelope.js'
import { csrf } from '../middleware/csrf.js'
import { type SelfFetch, simulatedDeviceRoutes } from './simulated-devices.js'

/**
 * Development controls under `/__mock/*`; mounted only with `devControls: true`. They act on
 * the whole backend: counters, runtime config and sessions live in the store, which instances
 * may share.
 */
export function devRoutes(deps: Deps, self: SelfFetch) {
  const routes = new Hono<AppEnv>()
  routes.use('*', csrf(deps, { requireHeader: false }))
  routes.route('/devices', simulatedDeviceRoutes(deps, self))

  routes.get('/stats', async (c) => ok(c, await deps.stats.read()))
  routes.get('/config', async (c) => ok(c, await deps.config.read()))
  routes.post('/config', async (c) => {
    const patch = await readJsonObject(c)
    try {
      return ok(c, await deps.config.apply(patch), 'Config updated')
    } catch (error) {
      if (error instanceof TypeError) throw clientError(400, error.message)
      throw error
    }
  })
  // Only this backend's keys go: a shared Redis database keeps whatever else it holds.
  routes.post('/reset', async (c) => {
    await deps.store.clear()
    return ok(c, null, 'Reset')
  })

  // "Simulate a stolen refresh token": the superseded token of each family comes back after the
  // grace window, as an attacker's copy would, and trips reuse detection.
  routes.post('/replay-stolen', async (c) => {
    const records = await recordsOf(deps, await readJsonObject(c))
    const rotated = records.filter((record) => record.previous !== null)
    if (rotated.length === 0) return fail(c, 409, 'No session of this user has rotated yet')
    const config = await deps.config.read()
    let revokedFamilies = 0
    for (const record of rotated) {
      const { previous, userId: sub, device: dev, family: fam } = record
      if (!previous) continue
      const claims = {
        sub,
        dev,
        fam,
        jti: previous.jti,
        iat: previous.iat,
        exp: refreshExp(record),
      }
      const outcome = await refreshSession(deps, config, claims, { ignoreGrace: true })
      if (outcome.kind === 'reused') revokedFamilies++
    }
    return ok(c, { revokedFamilies }, 'Stolen refresh tokens replayed')
  })

  // As if the user's access tokens expired early: every one issued so far gets 401
  // invalid_token; the families live on, so a refresh gets a new one.
  routes.post('/expire-access', async (c) => {
    const records = await recordsOf(deps, await readJsonObject(c))
    await Promise.all(records.map((record) => denyFamily(deps, record, record.accessSeq + 1)))
    const expiredTokens = records.reduce((sum, record) => sum + record.accessSeq, 0)
    return ok(c, { expiredTokens }, 'Access tokens expired')
  })

  return routes
}

async function recordsOf(deps: Deps, body: Record<string, unknown>) {
  const username = stringField(body, 'username')
  const user = deps.options.users.find((candidate) => candidate.username === username)
  if (!user) throw clientError(404, 'No such user')
  return listRecords(deps, user.id)
}

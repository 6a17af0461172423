import { Hono } from 'hono'
import type { Deps } from '../../protocol/deps.js'
import { resetDeps } from '../../protocol/deps.js'
import { denyAccess, listRecords } from '../../protocol/families.js'
import { refreshExp } from '../../protocol/records.js'
import { refreshSession } from '../../protocol/rotation.js'
import type { AppEnv } from '../app-env.js'
import { readJsonObject, stringField } from '../body.js'
import { ClientError, fail, ok } from '../envelope.js'
import { csrf } from '../middleware/csrf.js'

/** Development controls under `/__mock/*`; mounted only with `devControls: true`. */
export function devRoutes(deps: Deps) {
  const routes = new Hono<AppEnv>()
  routes.use('*', csrf(deps, { requireHeader: false }))

  routes.get('/stats', (c) => ok(c, { ...deps.stats }))
  routes.get('/config', (c) => ok(c, deps.config.current))
  routes.post('/config', async (c) => {
    const patch = await readJsonObject(c)
    try {
      return ok(c, deps.config.apply(patch), 'Config updated')
    } catch (error) {
      throw new ClientError(400, error instanceof Error ? error.message : 'Invalid config')
    }
  })
  routes.post('/reset', async (c) => {
    await resetDeps(deps)
    return ok(c, null, 'Reset')
  })

  // "Simulate a stolen refresh token": the superseded token of each family comes back after the
  // grace window, as an attacker's copy would, and trips reuse detection.
  routes.post('/replay-stolen', async (c) => {
    const records = await recordsOf(deps, await readJsonObject(c))
    const rotated = records.filter((record) => record.previous !== null)
    if (rotated.length === 0) return fail(c, 409, 'No session of this user has rotated yet')
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
      const outcome = await refreshSession(deps, claims, { ignoreGrace: true })
      if (outcome.kind === 'reused') revokedFamilies++
    }
    return ok(c, { revokedFamilies }, 'Stolen refresh tokens replayed')
  })

  // As if the user's access tokens expired early: the next API call answers 401 invalid_token.
  routes.post('/expire-access', async (c) => {
    const records = await recordsOf(deps, await readJsonObject(c))
    const tokens = records.flatMap((record) => record.accessTokens)
    await Promise.all(tokens.map((token) => denyAccess(deps, token)))
    return ok(c, { expiredTokens: tokens.length }, 'Access tokens expired')
  })

  return routes
}

async function recordsOf(deps: Deps, body: Record<string, unknown>) {
  const username = stringField(body, 'username')
  const user = deps.options.users.find((candidate) => candidate.username === username)
  if (!user) throw new ClientError(404, 'No such user')
  return listRecords(deps, user.id)
}

import { Hono } from 'hono'
import type { AppEnv } from '../app-env.js'
import { readJsonObject, stringField } from '../body.js'
import type { Core } from '../core.js'
import { resetCore } from '../core.js'
import { ClientError, fail, ok } from '../envelope.js'
import { csrf } from '../middleware/csrf.js'
import { refreshExp } from '../records.js'
import { refreshSession } from '../rotation.js'
import { denyAccess, listRecords } from '../sessions.js'

/** Development controls under `/__mock/*`; mounted only with `devControls: true`. */
export function devRoutes(core: Core) {
  const routes = new Hono<AppEnv>()
  routes.use('*', csrf(core, { requireHeader: false }))

  routes.get('/stats', (c) => ok(c, { ...core.stats }))
  routes.get('/config', (c) => ok(c, core.config.current))
  routes.post('/config', async (c) => {
    const patch = await readJsonObject(c)
    try {
      return ok(c, core.config.apply(patch), 'Config updated')
    } catch (error) {
      throw new ClientError(400, error instanceof Error ? error.message : 'Invalid config')
    }
  })
  routes.post('/reset', async (c) => {
    await resetCore(core)
    return ok(c, null, 'Reset')
  })

  // "Simulate a stolen refresh token": the superseded token of each family comes back after the
  // grace window, as an attacker's copy would, and trips reuse detection.
  routes.post('/replay-stolen', async (c) => {
    const records = await recordsOf(core, await readJsonObject(c))
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
      const outcome = await refreshSession(core, claims, { ignoreGrace: true })
      if (outcome.kind === 'reused') revokedFamilies++
    }
    return ok(c, { revokedFamilies }, 'Stolen refresh tokens replayed')
  })

  // As if the user's access tokens expired early: the next API call answers 401 invalid_token.
  routes.post('/expire-access', async (c) => {
    const records = await recordsOf(core, await readJsonObject(c))
    const tokens = records.flatMap((record) => record.accessTokens)
    await Promise.all(tokens.map((token) => denyAccess(core, token)))
    return ok(c, { expiredTokens: tokens.length }, 'Access tokens expired')
  })

  return routes
}

async function recordsOf(core: Core, body: Record<string, unknown>) {
  const username = stringField(body, 'username')
  const user = core.options.users.find((candidate) => candidate.username === username)
  if (!user) throw new ClientError(404, 'No such user')
  return listRecords(core, user.id)
}

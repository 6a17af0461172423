import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../app-env.js'
import { unauthorized } from '../challenge.js'
import type { Core } from '../core.js'
import { isDenied } from '../sessions.js'
import type { AccessClaims } from '../tokens.js'

type Checked = { ok: true; claims: AccessClaims } | { ok: false; invalid?: string }

/** Checks `Authorization: Bearer <AT>`: signature, `typ`, expiry and the deny-list. */
export async function checkAccess(core: Core, c: Context): Promise<Checked> {
  const header = c.req.header('Authorization')
  if (!header) return { ok: false }
  const token = /^Bearer +([\w.~+/-]+=*) *$/i.exec(header)?.[1]
  if (!token) return { ok: false, invalid: 'Malformed Authorization header' }
  const verified = await core.tokens.verifyAccess(token)
  if (!verified.ok) {
    return {
      ok: false,
      invalid: verified.expired ? 'The access token expired' : 'The access token is invalid',
    }
  }
  if (await isDenied(core, verified.claims.jti))
    return { ok: false, invalid: 'The access token was revoked' }
  return verified
}

/** Guards a route; the verified claims are then in `c.get('access')`. */
export const requireAccess = (core: Core) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const checked = await checkAccess(core, c)
    if (!checked.ok) return unauthorized(c, core, { invalid: checked.invalid })
    c.set('access', checked.claims)
    await next()
  })

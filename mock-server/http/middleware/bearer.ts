import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Deps } from '../../protocol/deps.js'
import { isDenied } from '../../protocol/families.js'
import type { AccessClaims } from '../../protocol/tokens.js'
import type { AppEnv } from '../app-env.js'
import { unauthorized } from '../challenge.js'

type Checked = { ok: true; claims: AccessClaims } | { ok: false; invalid?: string }

/** Checks `Authorization: Bearer <AT>`: signature, `typ`, expiry and the deny-list. */
export async function checkAccess(deps: Deps, c: Context): Promise<Checked> {
  const header = c.req.header('Authorization')
  if (!header) return { ok: false }
  const token = /^Bearer +([\w.~+/-]+=*) *$/i.exec(header)?.[1]
  if (!token) return { ok: false, invalid: 'Malformed Authorization header' }
  const verified = await deps.tokens.verifyAccess(token)
  if (!verified.ok) {
    return {
      ok: false,
      invalid: verified.expired ? 'The access token expired' : 'The access token is invalid',
    }
  }
  if (await isDenied(deps, verified.claims))
    return { ok: false, invalid: 'The access token was revoked' }
  return verified
}

/** Guards a route; the verified claims are then in `c.get('access')`. */
export const requireAccess = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const checked = await checkAccess(deps, c)
    if (!checked.ok) return unauthorized(c, deps, { invalid: checked.invalid })
    c.set('access', checked.claims)
    await next()
  })

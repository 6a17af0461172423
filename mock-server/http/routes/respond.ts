import type { Context } from 'hono'
import type { Deps } from '../../protocol/deps.js'
import type { Issued } from '../../protocol/families.js'
import { signIssued } from '../../protocol/families.js'
import type { AppEnv } from '../app-env.js'
import { unauthorized } from '../challenge.js'
import { clearRefreshCookie, setRefreshCookie } from '../cookie.js'
import { ok } from '../envelope.js'

/** What login and refresh return in `data`. */
export interface TokenData {
  token: string
  /** Access-token lifetime in ms, to be measured from when the answer arrived. */
  expiresIn: number
  username: string
  device: string
}

/** 200 with a fresh access token and the refresh cookie (Max-Age = the family's remaining life). */
export async function sendTokens(c: Context<AppEnv>, deps: Deps, issued: Issued, message: string) {
  const { accessToken, refreshToken } = await signIssued(deps, issued)
  setRefreshCookie(c, deps, refreshToken, issued.record.expiresAt - deps.now())
  const data: TokenData = {
    token: accessToken,
    expiresIn: c.get('config').accessTtlMs,
    username: issued.record.username,
    device: issued.record.device,
  }
  return ok(c, data, message)
}

/**
 * A refresh that fails clears the cookie, so the browser stops sending a dead token; with
 * `everywhere`, at every path that may hold one.
 */
export async function rejectRefresh(
  c: Context<AppEnv>,
  deps: Deps,
  invalid?: string,
  everywhere?: boolean,
) {
  clearRefreshCookie(c, deps, everywhere)
  await deps.stats.count('refreshRefused')
  return unauthorized(
    c,
    deps,
    invalid === undefined ? { message: 'No refresh token' } : { invalid },
  )
}

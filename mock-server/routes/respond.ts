import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'
import { unauthorized } from '../challenge.js'
import { clearRefreshCookie, setRefreshCookie } from '../cookie.js'
import type { Core } from '../core.js'
import { ok } from '../envelope.js'
import type { Issued } from '../sessions.js'
import { signIssued } from '../sessions.js'

/** What login and refresh return in `data`. */
export interface TokenData {
  token: string
  /** Access-token lifetime in ms, to be measured from when the answer arrived. */
  expiresIn: number
  username: string
  device: string
}

/** 200 with a fresh access token and the refresh cookie (Max-Age = the family's remaining life). */
export async function sendTokens(c: Context<AppEnv>, core: Core, issued: Issued, message: string) {
  const { accessToken, refreshToken } = await signIssued(core, issued)
  setRefreshCookie(c, core.options.cookie, refreshToken, issued.record.expiresAt - core.now())
  const data: TokenData = {
    token: accessToken,
    expiresIn: core.config.current.accessTtlMs,
    username: issued.record.username,
    device: issued.record.device,
  }
  return ok(c, data, message)
}

/** A refresh that fails clears the cookie, so the browser stops sending a dead token. */
export function rejectRefresh(c: Context<AppEnv>, core: Core, invalid?: string) {
  clearRefreshCookie(c, core.options.cookie)
  return unauthorized(
    c,
    core,
    invalid === undefined ? { message: 'No refresh token' } : { invalid },
  )
}

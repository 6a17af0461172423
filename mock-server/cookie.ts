import type { Context } from 'hono'
import { generateCookie } from 'hono/cookie'
import { parse } from 'hono/utils/cookie'
import type { AppEnv } from './app-env.js'
import type { RefreshCookieOptions } from './options.js'

/** Reads a request cookie; the msw mount may hand the cookies over beside the request. */
export function readCookie(c: Context<AppEnv>, name: string): string | undefined {
  const header = c.env?.cookieHeader || c.req.header('Cookie')
  return header ? parse(header, name)[name] : undefined
}

function appendSetCookie(c: Context<AppEnv>, serialized: string) {
  c.header('Set-Cookie', serialized, { append: true })
  c.env?.onSetCookie?.(serialized)
}

/** Sets the refresh cookie; `maxAgeMs` is the family's remaining absolute lifetime. */
export function setRefreshCookie(
  c: Context<AppEnv>,
  cookie: RefreshCookieOptions,
  token: string,
  maxAgeMs: number,
) {
  const maxAge = Math.max(0, Math.floor(maxAgeMs / 1000))
  appendSetCookie(c, generateCookie(cookie.name, token, attributes(cookie, maxAge)))
}

/** Clears it with the same name and path, or the browser would keep the old one. */
export function clearRefreshCookie(c: Context<AppEnv>, cookie: RefreshCookieOptions) {
  appendSetCookie(c, generateCookie(cookie.name, '', attributes(cookie, 0)))
}

const attributes = (cookie: RefreshCookieOptions, maxAge: number) => ({
  path: cookie.path,
  httpOnly: true,
  secure: cookie.secure,
  sameSite: cookie.sameSite,
  maxAge,
})

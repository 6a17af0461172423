import type { Context } from 'hono'
import { generateCookie } from 'hono/cookie'
import { parse } from 'hono/utils/cookie'
import type { Deps } from '../protocol/deps.js'
import type { AppEnv } from './app-env.js'

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
export function setRefreshCookie(c: Context<AppEnv>, deps: Deps, token: string, maxAgeMs: number) {
  const maxAge = Math.max(0, Math.floor(maxAgeMs / 1000))
  appendSetCookie(c, generateCookie(deps.options.cookie.name, token, attributes(c, deps, maxAge)))
}

/** Clears it with the same name and path, or the browser would keep the old one. */
export function clearRefreshCookie(c: Context<AppEnv>, deps: Deps) {
  appendSetCookie(c, generateCookie(deps.options.cookie.name, '', attributes(c, deps, 0)))
}

function attributes(c: Context<AppEnv>, deps: Deps, maxAge: number) {
  const { path, sameSite, secure } = deps.options.cookie
  return {
    path,
    httpOnly: true,
    secure: secure === 'auto' ? cameSecurely(c, deps.options.trustProxy) : secure,
    sameSite,
    maxAge,
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$|\.localhost$/i

/**
 * Whether a browser would keep a `Secure` cookie from this answer: it came over https (per
 * `X-Forwarded-Proto` behind a trusted proxy), or from a loopback host, which browsers treat as
 * secure. On plain http to any other host a browser (and msw's cookie store) refuses it.
 */
function cameSecurely(c: Context<AppEnv>, trustProxy: boolean): boolean {
  const url = new URL(c.req.url)
  const forwarded = trustProxy && c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim()
  return (forwarded ? `${forwarded}:` : url.protocol) === 'https:' || LOOPBACK.test(url.hostname)
}

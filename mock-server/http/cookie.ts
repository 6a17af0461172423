import type { Context } from 'hono'
import { generateCookie } from 'hono/cookie'
import type { Deps } from '../protocol/deps.js'
import type { AppEnv } from './app-env.js'

/** Two refresh cookies came: see `readRefreshCookie`. */
export const CONFLICT = Symbol('several refresh cookies')

/**
 * The refresh cookie of a request (the msw mount may hand the cookies over beside it), or
 * `CONFLICT` when there are several: a browser sends the longer-path cookie first, so a cookie
 * planted at a deeper path (cookie tossing from a sibling subdomain) would win if the first one
 * were taken. Several mean no valid session.
 */
export function readRefreshCookie(
  c: Context<AppEnv>,
  deps: Deps,
): string | typeof CONFLICT | undefined {
  const header = c.env?.cookieHeader || c.req.header('Cookie') || ''
  const prefix = `${deps.options.cookie.name}=`
  const values = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(prefix))
    .map((part) => decodeValue(part.slice(prefix.length)))
  if (values.length > 1) return CONFLICT
  return values[0] || undefined
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value.replace(/^"(.*)"$/, '$1'))
  } catch {
    return value
  }
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

/**
 * Clears it with the same name and path, or the browser would keep the old one. With
 * `everywhere`, also at every path that leads to this request's (`/`, `/api`, …), where a
 * planted cookie may sit.
 */
export function clearRefreshCookie(c: Context<AppEnv>, deps: Deps, everywhere = false) {
  const paths = new Set([deps.options.cookie.path])
  if (everywhere) {
    const parts = new URL(c.req.url).pathname.split('/').filter(Boolean)
    paths.add('/')
    for (let i = 1; i <= parts.length; i++) paths.add(`/${parts.slice(0, i).join('/')}`)
  }
  for (const path of paths)
    appendSetCookie(
      c,
      generateCookie(deps.options.cookie.name, '', { ...attributes(c, deps, 0), path }),
    )
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

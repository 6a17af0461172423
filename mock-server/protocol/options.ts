import type { MockStore } from './store.js'
import type { MockUser, ResolvedUser } from './users.js'
import { defaultUsers, resolveUsers } from './users.js'
import { checkDuration, describe } from './validate.js'

/** Attributes of the refresh-token cookie. `HttpOnly` is always set. */
export interface RefreshCookieOptions {
  /** @default 'rt' */
  name: string
  /** @default '/api/auth' */
  path: string
  /** @default 'Strict' */
  sameSite: 'Strict' | 'Lax' | 'None'
  /**
   * `'auto'`: `Secure` whenever the request came over https (`X-Forwarded-Proto` with
   * `trustProxy`) or to a loopback host (browsers treat http://localhost as secure), left out on
   * plain http to other hosts, where a browser, like msw's cookie store, would refuse the cookie.
   * `true` always sets it, `false` never.
   * @default 'auto'
   */
  secure: boolean | 'auto'
}

/**
 * Options of `createMockBackend()` (and of `startMockServer()`, `mockAuthBackend()`,
 * `createHandlers()`).
 *
 * @example
 * createMockBackend({ accessTtlMs: 5_000, reuseGraceMs: 2_000, allowedOrigins: ['http://localhost:5173'] })
 */
export interface MockBackendOptions {
  /** Access-token lifetime. @default 1_800_000 (30 min) @example 5_000 */
  accessTtlMs?: number
  /** Absolute refresh-token lifetime; rotation never extends it. @default 2_592_000_000 (30 days) */
  refreshTtlMs?: number
  /** How long the previous refresh token still converges on the current one. @default 10_000 */
  reuseGraceMs?: number
  /** Accepted users. @default admin / 123456 and alice / wonderland @example [{ username: 'bob', password: 'pw' }] */
  users?: readonly MockUser[]
  /** HS256 key, at least 32 bytes. @default 32 random bytes per backend */
  secret?: string | Uint8Array
  /** Read the client IP from X-Forwarded-For / X-Real-IP. @default false */
  trustProxy?: boolean
  /** Origins allowed besides the backend's own (CORS and CSRF). @default [] @example ['http://localhost:5173'] */
  allowedOrigins?: readonly string[]
  /** Refresh-cookie attributes. @default { name: 'rt', path: '/api/auth', sameSite: 'Strict', secure: 'auto' } */
  cookie?: Partial<RefreshCookieOptions>
  /** Where records and the deny-list live. @default createMemoryStore({ now }) */
  store?: MockStore
  /** Mount `/__mock/*`. @default true */
  devControls?: boolean
  /** Clock for every expiry and grace decision; tests inject one to move time. @default Date.now */
  now?: () => number
  /** Leeway when checking JWT `exp`. @default 1_000 */
  clockToleranceMs?: number
  /** Largest accepted request body. @default 16_384 */
  maxBodyBytes?: number
}

export interface ResolvedOptions {
  accessTtlMs: number
  refreshTtlMs: number
  reuseGraceMs: number
  users: ResolvedUser[]
  secret: Uint8Array
  trustProxy: boolean
  allowedOrigins: string[]
  cookie: RefreshCookieOptions
  store: MockStore | undefined
  devControls: boolean
  now: () => number
  clockToleranceMs: number
  maxBodyBytes: number
}

export const defaultOptions = {
  accessTtlMs: 30 * 60 * 1000,
  refreshTtlMs: 30 * 24 * 60 * 60 * 1000,
  reuseGraceMs: 10 * 1000,
  trustProxy: false,
  devControls: true,
  clockToleranceMs: 1000,
  maxBodyBytes: 16 * 1024,
  cookie: { name: 'rt', path: '/api/auth', sameSite: 'Strict', secure: 'auto' },
} as const satisfies Partial<MockBackendOptions>

const label = (name: string) => `createMockBackend: option "${name}"`

/** Applies defaults and validates; throws a `TypeError` naming the bad option. */
export function normalizeOptions(options: MockBackendOptions = {}): ResolvedOptions {
  // An explicit `undefined` means "use the default", as with any optional option.
  const given = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  )
  const o: MockBackendOptions & typeof defaultOptions = { ...defaultOptions, ...given }
  const ttl = (name: 'accessTtlMs' | 'refreshTtlMs') => {
    const value = checkDuration(label(name), o[name])
    if (value === 0) throw new TypeError(`${label(name)} must be greater than 0`)
    return value
  }
  return {
    accessTtlMs: ttl('accessTtlMs'),
    refreshTtlMs: ttl('refreshTtlMs'),
    reuseGraceMs: checkDuration(label('reuseGraceMs'), o.reuseGraceMs),
    users: resolveUsers(o.users ?? defaultUsers),
    secret: normalizeSecret(o.secret),
    trustProxy: flag('trustProxy', o.trustProxy),
    allowedOrigins: normalizeOrigins(o.allowedOrigins ?? []),
    cookie: normalizeCookie({ ...defaultOptions.cookie, ...o.cookie }),
    store: o.store,
    devControls: flag('devControls', o.devControls),
    now:
      o.now === undefined
        ? Date.now
        : typeof o.now === 'function'
          ? o.now
          : fail('now', o.now, 'a function returning epoch ms'),
    clockToleranceMs: checkDuration(label('clockToleranceMs'), o.clockToleranceMs, 60_000),
    maxBodyBytes: checkDuration(label('maxBodyBytes'), o.maxBodyBytes, 10 * 1024 * 1024),
  }
}

function fail(name: string, value: unknown, expected: string): never {
  throw new TypeError(`${label(name)} must be ${expected}, got ${describe(value)}`)
}

function flag(name: string, value: unknown): boolean {
  return typeof value === 'boolean' ? value : fail(name, value, 'a boolean')
}

function normalizeSecret(secret: unknown): Uint8Array {
  if (secret === undefined) return crypto.getRandomValues(new Uint8Array(32))
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret
  // HS256 needs a key at least as long as its hash (RFC 7518 §3.2).
  if (!(bytes instanceof Uint8Array) || bytes.length < 32) {
    return fail('secret', secret, 'a string or Uint8Array of at least 32 bytes')
  }
  return bytes
}

function normalizeOrigins(origins: readonly unknown[]): string[] {
  if (!Array.isArray(origins)) return fail('allowedOrigins', origins, 'an array of origins')
  return origins.map((origin) => {
    const parsed = typeof origin === 'string' && URL.canParse(origin) ? new URL(origin).origin : ''
    return parsed === origin
      ? parsed
      : fail('allowedOrigins', origin, 'origins like "http://localhost:5173"')
  })
}

const COOKIE_NAME = /^[\w!#$%&'*.^`|~+-]+$/

function normalizeCookie(cookie: RefreshCookieOptions): RefreshCookieOptions {
  if (
    typeof cookie.name !== 'string' ||
    !COOKIE_NAME.test(cookie.name) ||
    /^__(host|secure)-/i.test(cookie.name)
  ) {
    fail('cookie.name', cookie.name, 'a cookie name without a __Host-/__Secure- prefix')
  }
  if (typeof cookie.path !== 'string' || !/^\/[^;\s]*$/.test(cookie.path)) {
    fail('cookie.path', cookie.path, 'a path starting with "/"')
  }
  if (!['Strict', 'Lax', 'None'].includes(cookie.sameSite)) {
    fail('cookie.sameSite', cookie.sameSite, '"Strict", "Lax" or "None"')
  }
  if (cookie.sameSite === 'None' && cookie.secure !== true) {
    fail('cookie.secure', cookie.secure, 'true when sameSite is "None"')
  }
  return {
    name: cookie.name,
    path: cookie.path,
    sameSite: cookie.sameSite,
    secure:
      cookie.secure === 'auto' || typeof cookie.secure === 'boolean'
        ? cookie.secure
        : fail('cookie.secure', cookie.secure, 'true, false or "auto"'),
  }
}

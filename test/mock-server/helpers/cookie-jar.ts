export interface StoredCookie {
  name: string
  value: string
  host: string
  path: string
  expiresAt: number | undefined
  secure: boolean
  httpOnly: boolean
  sameSite: string | undefined
}

export interface ParsedSetCookie {
  name: string
  value: string
  attributes: Map<string, string>
}

/** Parses one Set-Cookie line; attribute names are lower-cased. */
export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair = '', ...rest] = line.split(';')
  const eq = pair.indexOf('=')
  const attributes = new Map<string, string>()
  for (const part of rest) {
    const [key = '', ...value] = part.split('=')
    attributes.set(key.trim().toLowerCase(), value.join('=').trim())
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * A small RFC 6265 cookie jar: host-only cookies, Path matching, Max-Age against an injectable
 * clock, and Secure. Like Chromium and Firefox, it treats loopback hosts as secure contexts, so
 * `Secure` cookies travel over http://127.0.0.1 — the same as the demo on http://localhost.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>()
  constructor(private readonly now: () => number = Date.now) {}

  /** Records the Set-Cookie lines of an answer to `url`. */
  store(url: string, setCookies: readonly string[]): void {
    const { protocol, hostname, pathname } = new URL(url)
    for (const line of setCookies) {
      const { name, value, attributes } = parseSetCookie(line)
      if (attributes.has('secure') && !isSecureContext(protocol, hostname)) continue
      const path = attributes.get('path')?.startsWith('/')
        ? (attributes.get('path') as string)
        : defaultPath(pathname)
      const maxAge = attributes.has('max-age') ? Number(attributes.get('max-age')) : undefined
      const key = `${hostname} ${path} ${name}`
      if (maxAge !== undefined && maxAge <= 0) {
        this.#cookies.delete(key)
        continue
      }
      this.#cookies.set(key, {
        name,
        value,
        host: hostname,
        path,
        expiresAt: maxAge === undefined ? undefined : this.now() + maxAge * 1000,
        secure: attributes.has('secure'),
        httpOnly: attributes.has('httponly'),
        sameSite: attributes.get('samesite'),
      })
    }
  }

  /** The Cookie header a browser would send to `url`, or undefined. */
  header(url: string): string | undefined {
    const matching = this.matching(url)
    return matching.length
      ? matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
      : undefined
  }

  matching(url: string): StoredCookie[] {
    const { protocol, hostname, pathname } = new URL(url)
    const secureContext = isSecureContext(protocol, hostname)
    return [...this.#cookies.values()].filter(
      (cookie) =>
        cookie.host === hostname &&
        pathMatches(pathname, cookie.path) &&
        (!cookie.secure || secureContext) &&
        (cookie.expiresAt === undefined || cookie.expiresAt > this.now()),
    )
  }

  get(name: string): StoredCookie | undefined {
    return [...this.#cookies.values()].find((cookie) => cookie.name === name)
  }

  clear(): void {
    this.#cookies.clear()
  }
}

const isSecureContext = (protocol: string, hostname: string) =>
  protocol === 'https:' || LOOPBACK.has(hostname)

function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf('/')
  return slash <= 0 ? '/' : pathname.slice(0, slash)
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'
}

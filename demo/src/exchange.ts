import type { MirroredCookie } from '../server/set-cookie-mirror'

/**
 * What a request was for. `replay` is a request the SDK sent again after a refresh; `control`
 * is the demo driving the mock server (`/__mock/*`), not part of the protocol.
 */
export type Role = 'request' | 'replay' | 'refresh' | 'login' | 'logout' | 'control'

/** One HTTP request and its answer, with the headers the protocol is about. */
export interface Exchange {
  id: number
  /** Shared by a request and its replay. */
  trace: number
  role: Role
  method: string
  url: string
  startedAt: number
  /** `null` while in flight or when no answer came (network error, abort). */
  status: number | null
  endedAt: number | null
  /** As sent, e.g. `Bearer eyJ…`. */
  authorization: string | null
  /** The CSRF header the SDK adds to cookie-authenticated calls. */
  requestedWith: string | null
  /** `X-Mock-Refresh-Cookie` on `/api/auth/*`: whether the browser sent the HttpOnly cookie. */
  refreshCookie: 'present' | 'absent' | null
  /** `null` when the server did not say (no mirror in front of the backend). */
  setCookies: MirroredCookie[] | null
  wwwAuthenticate: string | null
  /** The envelope's `message`. */
  message: string | null
  body: unknown
}

export function roleOf(url: string): Role {
  const path = url.split('?')[0] ?? ''
  if (path.endsWith('/api/auth/refresh')) return 'refresh'
  if (path.endsWith('/api/auth/login')) return 'login'
  if (path.endsWith('/api/auth/logout')) return 'logout'
  if (path.startsWith('/__mock/')) return 'control'
  return 'request'
}

/** `Bearer eyJhbGciOi…4f2Q`: enough to tell tokens apart, short enough to read. */
export function shortToken(header: string): string {
  const [scheme, token = ''] = header.split(' ')
  if (token.length <= 24) return header
  return `${scheme} ${token.slice(0, 10)}…${token.slice(-6)}`
}

/** `error_description` of a `WWW-Authenticate: Bearer` challenge, if there is one. */
export function challengeDescription(header: string | null): string | null {
  return header ? (/error_description="([^"]*)"/.exec(header)?.[1] ?? null) : null
}

export function parseMirror(header: string | null): MirroredCookie[] | null {
  if (!header) return null
  try {
    const parsed: unknown = JSON.parse(header)
    return Array.isArray(parsed) ? (parsed as MirroredCookie[]) : null
  } catch {
    return null
  }
}

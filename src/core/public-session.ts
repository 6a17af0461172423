import { checkSharedSession } from './checked.js'
import type { Listener } from './emitter.js'
import type { SilentRefreshEvents } from './events.js'
import type { Session } from './session.js'
import type { SessionInput } from './token-response.js'

/** The session API both flavours return. */
export interface SilentSession {
  /** Hands over a token obtained elsewhere (SSR, an OAuth code exchange, another login flow). */
  setSession(input: SessionInput): void
  /** Forgets the token locally; no refresh happens on its own until `login`, `setSession` or `refresh`. */
  clearSession(): void
  getAccessToken(): string | null
  /** Refreshes now, joining the refresh in flight if there is one; resolves to the new access token. */
  refresh(): Promise<string>
  /** POSTs `credentials` to `loginUrl` and starts the session from the answer; resolves to the response body. */
  login<T = unknown>(credentials: unknown): Promise<T>
  /** POSTs to `logoutUrl` with the access token, then clears the session even if the server is unreachable. */
  logout(): Promise<void>
  /** @example const off = auth.on('sessionExpired', () => router.push('/login')) */
  on<K extends keyof SilentRefreshEvents>(
    name: K,
    listener: Listener<SilentRefreshEvents[K]>,
  ): () => void
  /** Stops everything: interceptors, timers, listeners, calls in flight; later calls reject with `ERR_DISPOSED`. */
  dispose(): void
}

/**
 * The session behind `face` (a `createSilentRefresh` or `createSilentFetch` result, which
 * carries the session's own members); development builds throw a TypeError for anything else.
 */
export function sessionOf(face: SilentSession): Session {
  if (typeof process === 'object' && process.env.NODE_ENV !== 'production') checkSharedSession(face)
  return face as Session
}

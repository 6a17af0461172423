import type { AxiosInstance } from 'axios'
import { createAuthClient } from './axios/auth-client.js'
import { installInterceptors } from './axios/interceptors.js'
import { crossTab } from './browser/cross-tab.js'
import { onPageWake } from './browser/wake.js'
import { createEmitter, type Listener } from './core/emitter.js'
import type { SilentRefreshEvents } from './core/events.js'
import { createRefreshAhead } from './core/refresh-ahead.js'
import { createSession, type SessionInput } from './core/session.js'
import { headerValue, normalizeOptions, type SilentRefreshOptions } from './options.js'

export interface SilentRefresh {
  /** Hands over a token obtained elsewhere (SSR, another login flow). */
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
  /** Lets another axios instance share this session and its single refresh; returns a detach function. */
  attach(instance: AxiosInstance): () => void
  /** @example const off = auth.on('sessionExpired', () => router.push('/login')) */
  on<K extends keyof SilentRefreshEvents>(
    name: K,
    listener: Listener<SilentRefreshEvents[K]>,
  ): () => void
  /** Ejects the interceptors and removes every timer and listener. */
  dispose(): void
}

/**
 * Installs silent refresh on an axios instance.
 * @example
 * const auth = createSilentRefresh(api)
 * await auth.login({ username, password })
 * await api.get('/api/employees') // tokens are attached, refreshed and replayed for you
 */
export function createSilentRefresh(
  api: AxiosInstance,
  userOptions?: SilentRefreshOptions,
): SilentRefresh {
  const options = normalizeOptions(userOptions)
  const events = createEmitter<SilentRefreshEvents>()
  const auth = createAuthClient(api, options)
  const session = createSession(
    events,
    options,
    auth,
    (expiresAt, lifetime) => ahead?.plan(expiresAt, lifetime),
    // One session per refresh endpoint: tabs of other apps on this origin keep their own.
    options.crossTab
      ? crossTab(
          `silent-refresh ${api.defaults.baseURL ?? ''}${options.refreshUrl}`,
          options.refreshTimeoutMs,
        )
      : undefined,
  )
  let ahead =
    options.refreshAheadMs === false
      ? undefined
      : createRefreshAhead(session.refresh, options.refreshAheadMs, onPageWake)
  const ejects: Array<() => void> = []

  // Ejecting twice is harmless in axios, so dispose() may eject what was already detached.
  function attach(instance: AxiosInstance): () => void {
    const eject = installInterceptors(instance, session, options)
    ejects.push(eject)
    return eject
  }
  attach(api)

  return {
    setSession: (input) => session.set(input),
    clearSession: () => session.end(),
    getAccessToken: () => session.token,
    refresh: session.refresh,
    async login(credentials) {
      const { data } = await auth.client.post(options.loginUrl, credentials)
      session.set(options.parseTokenResponse(data))
      return data
    },
    async logout() {
      // A refresh in flight here, or in another tab (the lock), lands first: its Set-Cookie
      // cannot arrive after the clearing one.
      await session.pending?.catch(() => {})
      try {
        await session.exclusive(() => {
          // Read inside the lock: another tab's refresh may have just replaced the token.
          const token = session.token
          return auth.client.post(options.logoutUrl, undefined, {
            headers: token ? { [options.header]: headerValue(options, token) } : {},
          })
        })
      } finally {
        session.end('loggedOut')
        events.emit('loggedOut', { fromOtherTab: false })
      }
    },
    attach,
    on: events.on,
    dispose() {
      for (const eject of ejects.splice(0)) eject()
      ahead?.dispose()
      ahead = undefined // a refresh landing later must not plan a new timer
      session.dispose()
      events.clear()
    },
  }
}

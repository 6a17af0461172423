import type { AxiosInstance } from 'axios'
import { createAuthCalls } from './axios/auth-client.js'
import { installInterceptors } from './axios/interceptors.js'
import { crossTab } from './browser/cross-tab.js'
import { onPageWake } from './browser/wake.js'
import { type SilentSession, sessionOf } from './core/public-session.js'
import { createSession } from './core/session.js'
import { axiosShape, normalizeOptions, type SilentRefreshOptions } from './options.js'

export interface SilentRefresh extends SilentSession {
  /** Lets another axios instance share this session and its single refresh; returns a detach function. */
  attach(instance: AxiosInstance): () => void
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
  const options = normalizeOptions(userOptions, axiosShape)
  options.shouldRefresh ??= (error) => options.statusCodes.includes(error.response?.status ?? 0)
  const session = options.session
    ? sessionOf(options.session)
    : createSession(
        options,
        createAuthCalls(api, options),
        // One session per refresh endpoint: tabs of other apps on this origin keep their own.
        options.crossTab
          ? crossTab(`silent-refresh ${api.defaults.baseURL ?? ''}${options.refreshUrl}`)
          : undefined,
        onPageWake,
      )

  function attach(instance: AxiosInstance): () => void {
    const eject = installInterceptors(instance, session, options)
    session.onDispose(eject) // ejecting twice is harmless in axios
    return eject
  }
  attach(api)
  return { ...session, attach }
}

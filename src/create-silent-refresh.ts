import type { AxiosInstance } from 'axios'
import { createAuthCalls } from './axios/auth-client.js'
import { installInterceptors } from './axios/interceptors.js'
import { axiosShape, type SilentRefreshOptions } from './axios/options.js'
import type { SilentSession } from './core/public-session.js'
import { openSession } from './open-session.js'
import { normalizeOptions } from './options.js'

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
  const session = openSession(
    options,
    () => createAuthCalls(api, options),
    api.defaults.baseURL ?? '',
  )

  function attach(instance: AxiosInstance): () => void {
    const eject = installInterceptors(instance, session, options)
    session.onDispose(eject) // ejecting twice is harmless in axios
    return eject
  }
  attach(api)
  return { ...session, attach }
}

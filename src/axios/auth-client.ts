import axios, { type AxiosInstance, isAxiosError } from 'axios'
import { authCalls } from '../core/auth-calls.js'
import { failureOf } from '../core/refresh-flight.js'
import type { AuthCalls } from '../core/session.js'
import type { AxiosOptions } from './options.js'

/**
 * The calls the session makes (refresh, login, logout) on a bare client: everything the app set
 * on its instance for sending — baseURL, adapter, agents, `fetchOptions`, `withCredentials`,
 * timeout, a cookie-jar adapter — but none of its interceptors, so a 401 on the refresh call can
 * never re-enter the refresh logic. The default calls send the refresh cookie and the CSRF
 * header; a custom `refreshRequest` decides its own credentials and headers.
 */
export function createAuthCalls(api: AxiosInstance, options: AxiosOptions): AuthCalls {
  const client = axios.create(api.defaults)
  const { refreshRequest } = options
  return authCalls(
    options,
    (url, data, signal, headers) =>
      client
        .post(url, data, {
          withCredentials: true,
          signal,
          headers: { ...options.csrfHeader, ...headers },
        })
        .then((response) => response.data),
    (error) =>
      isAxiosError(error) ? failureOf(error.response?.status, error.response?.data) : 'failed',
    refreshRequest && ((context) => refreshRequest({ ...context, client })),
  )
}

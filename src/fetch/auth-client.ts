import { authCalls } from '../core/auth-calls.js'
import { HttpError } from '../core/errors.js'
import { failureOf } from '../core/refresh-flight.js'
import type { AuthCalls } from '../core/session.js'
import type { FetchOptions } from './options.js'

/** The response's body, parsed when it is JSON; an `HttpError` when the status is not 2xx. */
export async function bodyOf(response: Response, url: string): Promise<unknown> {
  const text = await response.text()
  let data: unknown = text
  try {
    data = text ? JSON.parse(text) : null
  } catch {}
  if (!response.ok) throw new HttpError(response.status, data, url)
  return data
}

/**
 * The calls the session makes (refresh, login, logout) with the underlying `fetch`, never
 * through the wrapper, so a 401 on the refresh call cannot re-enter the refresh logic. The
 * default calls send the cookie (`credentials: 'include'`) and the CSRF header; a custom
 * `refreshRequest` decides its own.
 */
export function createFetchCalls(options: FetchOptions, fetchOf: () => typeof fetch): AuthCalls {
  const { refreshRequest, baseUrl } = options
  return authCalls(
    options,
    async (url, data, signal, headers) => {
      const json: Record<string, string> =
        data === undefined ? {} : { 'Content-Type': 'application/json' }
      const response = await fetchOf()(baseUrl ? new URL(url, baseUrl) : url, {
        method: 'POST',
        credentials: 'include',
        signal,
        headers: { ...options.csrfHeader, ...json, ...headers },
        body: data === undefined ? undefined : JSON.stringify(data),
      })
      return bodyOf(response, url)
    },
    // fetch rejects with a TypeError when no answer came: worth a retry.
    (error) =>
      error instanceof HttpError
        ? failureOf(error.status, error.data)
        : error instanceof TypeError
          ? 'transient'
          : 'failed',
    refreshRequest && ((context) => refreshRequest({ ...context, fetch: fetchOf() })),
  )
}

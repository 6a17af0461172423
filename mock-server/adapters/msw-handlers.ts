import type { HttpHandler } from 'msw'
import { HttpResponse, http } from 'msw'
import type { MockBackend } from '../backend.js'
import { createMockBackend } from '../backend.js'
import type { BridgedFetchContext } from '../http/app-env.js'
import { DROP_CONNECTION_HEADER } from '../http/middleware/drop.js'
import { isBackendPath } from '../http/paths.js'
import type { MockBackendOptions } from '../protocol/options.js'

export interface CreateHandlersOptions {
  /**
   * Keep the refresh cookie in msw's own cookie store. A browser cannot: a Service Worker
   * answer may not set cookies, least of all HttpOnly ones. In Node, tests handle `Cookie`
   * and `Set-Cookie` themselves and msw's store (global to the process) would leak sessions
   * between tests.
   * @default true in a browser, false elsewhere
   */
  emulateCookies?: boolean
}

const isBackend = (value: unknown): value is MockBackend =>
  typeof value === 'object' && value !== null && typeof (value as MockBackend).fetch === 'function'

/**
 * msw request handlers passing `/api/*` and `/__mock/*` of any host to the mock backend;
 * other requests fall through to later handlers. For `setupServer` and `setupWorker` alike.
 *
 * @example
 * const server = setupServer(...createHandlers({ accessTtlMs: 1_000 }))
 */
export function createHandlers(
  backendOrOptions: MockBackend | MockBackendOptions = {},
  { emulateCookies = typeof document !== 'undefined' }: CreateHandlersOptions = {},
): HttpHandler[] {
  const backend = isBackend(backendOrOptions)
    ? backendOrOptions
    : createMockBackend(backendOrOptions)
  const handler = http.all('*', async ({ request, cookies }) => {
    if (!isBackendPath(new URL(request.url).pathname)) return undefined
    const setCookies: string[] = []
    const context: BridgedFetchContext = { clientIp: 'unknown' }
    if (emulateCookies) {
      // msw gathered the cookies (its store, document.cookie); a browser Request cannot carry them.
      context.cookieHeader = Object.entries(cookies)
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
        .join('; ')
      context.onSetCookie = (serialized) => setCookies.push(serialized)
    }
    const response = await backend.fetch(request, context)
    if (response.headers.has(DROP_CONNECTION_HEADER)) return HttpResponse.error()
    if (setCookies.length === 0) return response
    // An HttpResponse built with Set-Cookie is what msw records in its cookie store.
    const headers = new Headers(response.headers)
    headers.delete('Set-Cookie')
    for (const serialized of setCookies) headers.append('Set-Cookie', serialized)
    return new HttpResponse(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    })
  })
  return [handler]
}

export type { MockBackend } from '../backend.js'
export type { MockBackendOptions } from '../protocol/options.js'

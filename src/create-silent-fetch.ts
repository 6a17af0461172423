import type { SilentSession } from './core/public-session.js'
import { createFetchCalls } from './fetch/auth-client.js'
import { fetchShape, type SilentFetchInit, type SilentFetchOptions } from './fetch/options.js'
import { createSilentFetchFunction } from './fetch/silent-fetch.js'
import { openSession } from './open-session.js'
import { normalizeOptions } from './options.js'

export interface SilentFetch extends SilentSession {
  /**
   * A drop-in for the global `fetch`: attaches the access token, waits for the one refresh when
   * the token is known to be expired, and replays a request refused with 401 once. A body that
   * can be sent twice is replayed; a stream is not (its 401 response comes back as it is).
   */
  fetch(input: RequestInfo | URL, init?: SilentFetchInit): Promise<Response>
}

/**
 * Silent refresh for `fetch` (and so for ky, ofetch, openapi-fetch, which take a custom fetch).
 * @example
 * const auth = createSilentFetch({ baseUrl: 'https://api.example.com' })
 * await auth.login({ username, password })
 * const res = await auth.fetch('https://api.example.com/api/employees')
 */
export function createSilentFetch(userOptions?: SilentFetchOptions): SilentFetch {
  const options = normalizeOptions(userOptions, fetchShape)
  options.shouldRefresh ??= (response) => options.statusCodes.includes(response.status)
  // Looked up at every call: msw and test doubles may replace the global fetch later.
  const fetchOf = () => options.fetch ?? globalThis.fetch
  const session = openSession(
    options,
    () => createFetchCalls(options, fetchOf),
    options.baseUrl ?? '',
  )
  return { ...session, fetch: createSilentFetchFunction(session, options, fetchOf) }
}

import axios, { type AxiosAdapter, type AxiosInstance, isAxiosError } from 'axios'
import { createSilentRefresh, type SilentRefresh, type SilentRefreshOptions } from 'silent-refresh'
import { CookieJar } from '../../mock-server/helpers/cookie-jar'

export interface HttpClient {
  api: AxiosInstance
  auth: SilentRefresh
  jar: CookieJar
  /** Requests this client put on the wire, by path (`/api/auth/refresh`, `/api/employees`…). */
  calls: Map<string, number>
  readonly refreshCalls: number
  /** Events of the SDK, in order. */
  events: string[]
}

/**
 * One simulated browser against a real server: axios's Node http adapter wrapped with its own
 * cookie jar and User-Agent (its device, for the server), and the SDK installed on it. The
 * SDK's internal auth client reuses the app's adapter, so refresh calls carry the cookie too.
 * `crossTab: false`: every client is a user or device of its own, not a tab.
 */
export function createHttpClient(
  baseURL: string,
  userAgent: string,
  options: SilentRefreshOptions = {},
): HttpClient {
  const jar = new CookieJar()
  const calls = new Map<string, number>()
  const http = axios.getAdapter('http')
  const adapter: AxiosAdapter = async (config) => {
    const url = axios.getUri(config)
    const path = new URL(url).pathname
    calls.set(path, (calls.get(path) ?? 0) + 1)
    config.headers.set('User-Agent', userAgent)
    const cookie = jar.header(url)
    if (cookie) config.headers.set('Cookie', cookie)
    const keep = (headers: unknown) => {
      const lines = (headers as Record<string, unknown> | undefined)?.['set-cookie']
      jar.store(url, Array.isArray(lines) ? lines : [])
    }
    try {
      const response = await http(config)
      keep(response.headers)
      return response
    } catch (error) {
      if (isAxiosError(error)) keep(error.response?.headers)
      throw error
    }
  }
  const api = axios.create({ baseURL, adapter })
  const auth = createSilentRefresh(api, { ...options, crossTab: false })
  const events: string[] = []
  for (const name of ['refreshed', 'sessionExpired', 'refreshFailed', 'loggedOut'] as const)
    auth.on(name, () => events.push(name))
  return {
    api,
    auth,
    jar,
    calls,
    get refreshCalls() {
      return calls.get('/api/auth/refresh') ?? 0
    },
    events,
  }
}

/** How a request ended: `'ok'`, the SDK's error code, `'http-<status>'`, or the network error's code. */
export function outcomeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'ok'
  const error = result.reason as { code?: string; response?: { status: number }; name?: string }
  if (error?.code?.startsWith('ERR_SESSION') || error?.code?.startsWith('ERR_REFRESH'))
    return error.code
  if (error?.response) return `http-${error.response.status}`
  return error?.code ?? error?.name ?? String(error)
}

/** Fires `n` requests at once and tells how each ended. */
export async function burst(api: AxiosInstance, n: number, path = '/api/employees') {
  const results = await Promise.allSettled(Array.from({ length: n }, () => api.get(path)))
  return results.map(outcomeOf)
}

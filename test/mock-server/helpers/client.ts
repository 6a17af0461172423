import type { Envelope, TokenData } from '../../../mock-server/public'
import { CookieJar } from './cookie-jar'
import type { RawResponse, Transport } from './transports'

export interface CallOptions {
  json?: unknown
  body?: string
  headers?: Record<string, string>
  token?: string
  localAddress?: string
}

export interface Answer<T = unknown> extends RawResponse {
  body: Envelope<T>
}

/** A browser-like client: a cookie jar, a User-Agent, and the SDK's X-Requested-With on auth calls. */
export function createClient(
  transport: Transport,
  options: { jar?: CookieJar; userAgent?: string } = {},
) {
  const jar = options.jar ?? new CookieJar(transport.backend.options.now)
  const userAgent = options.userAgent ?? 'vitest-browser/1.0'

  async function call<T = unknown>(
    method: string,
    path: string,
    init: CallOptions = {},
  ): Promise<Answer<T>> {
    const url = new URL(path, transport.baseUrl).href
    const headers: Record<string, string> = { 'User-Agent': userAgent, ...init.headers }
    const cookie = jar.header(url)
    if (cookie && !('Cookie' in headers)) headers.Cookie = cookie
    if (init.token) headers.Authorization = `Bearer ${init.token}`
    let body = init.body
    if (init.json !== undefined) {
      body = JSON.stringify(init.json)
      headers['Content-Type'] ??= 'application/json'
    }
    const raw = await transport.send({
      method,
      path,
      headers,
      body,
      localAddress: init.localAddress,
    })
    jar.store(url, raw.setCookies)
    return { ...raw, body: raw.text ? (JSON.parse(raw.text) as Envelope<T>) : (undefined as never) }
  }

  const auth = { 'X-Requested-With': 'XMLHttpRequest' }
  return {
    jar,
    call,
    login: (username = 'admin', password = '123456', init: CallOptions = {}) =>
      call<TokenData>('POST', '/api/auth/login', { ...init, json: { username, password } }),
    refresh: (init: CallOptions = {}) =>
      call<TokenData>('POST', '/api/auth/refresh', {
        ...init,
        headers: { ...auth, ...init.headers },
      }),
    logout: (token?: string) => call('POST', '/api/auth/logout', { token, headers: auth }),
    employees: (token?: string) =>
      call<Array<{ id: number; name: string }>>('GET', '/api/employees', { token }),
    sessions: (token: string) =>
      call<Array<{ device: string; current: boolean }>>('GET', '/api/auth/sessions', { token }),
    revokeSession: (token: string, device: string) =>
      call('DELETE', `/api/auth/sessions/${device}`, { token, headers: auth }),
    rt: () => jar.get(transport.backend.options.cookie.name)?.value,
  }
}

export type Client = ReturnType<typeof createClient>

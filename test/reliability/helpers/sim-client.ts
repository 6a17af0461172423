import axios, {
  type AxiosAdapter,
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type InternalAxiosRequestConfig,
} from 'axios'
import { createSilentRefresh, type SilentRefreshOptions, type SilentSession } from 'silent-refresh'
import { createSilentFetch } from 'silent-refresh/fetch'

/** Which adapter of the SDK a run drives; the property tests pick one per run. */
export type Flavour = 'axios' | 'fetch'

export interface SimRequest {
  method: 'get' | 'post'
  path: string
  data?: unknown
  headers: Record<string, string>
  signal?: AbortSignal
}

/** An HTTP error status, as a fetch flavour's request reports it to the model's judge. */
export class HttpStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`)
  }
}

/**
 * `fetch` over the simulated backend's axios adapter: the same backend, the same simulated
 * time, reached the way the fetch flavour reaches a server. Aborts reject with the signal's
 * reason and lost connections with a TypeError, as `fetch` does.
 */
export function fetchOver(adapter: AxiosAdapter): typeof fetch {
  return async (input, init = {}) => {
    const headers = new AxiosHeaders()
    for (const [name, value] of new Headers(init.headers)) headers.set(name, value)
    const config = {
      url: String(input),
      method: init.method?.toLowerCase() ?? 'get',
      headers,
      data: init.body,
      signal: init.signal ?? undefined,
    } as InternalAxiosRequestConfig
    try {
      const { status, data } = await adapter(config)
      return Response.json(data, { status })
    } catch (error) {
      if (error instanceof CanceledError) throw init.signal?.reason
      if (error instanceof AxiosError && error.response) {
        const { status, data } = error.response
        return Response.json(data, { status })
      }
      throw new TypeError('fetch failed', { cause: error })
    }
  }
}

/** An SDK of `flavour` on the simulated backend, and a way to make app requests through it. */
export function simClient(
  flavour: Flavour,
  adapter: AxiosAdapter,
  options: SilentRefreshOptions,
): { auth: SilentSession; request(call: SimRequest): Promise<unknown> } {
  const baseUrl = 'http://sim.test'
  if (flavour === 'fetch') {
    const auth = createSilentFetch({ ...options, baseUrl, fetch: fetchOver(adapter) } as never)
    return {
      auth,
      async request({ method, path, data, headers, signal }) {
        const response = await auth.fetch(`${baseUrl}${path}`, {
          method: method.toUpperCase(),
          body: data === undefined ? undefined : JSON.stringify(data),
          headers,
          signal,
        })
        // Judged like axios: an HTTP error status is a failed call.
        if (!response.ok) throw new HttpStatus(response.status)
        return response.json()
      },
    }
  }
  const api = axios.create({ baseURL: baseUrl, adapter })
  const auth = createSilentRefresh(api, options)
  return {
    auth,
    request: ({ method, path, data, headers, signal }) =>
      api.request({ method, url: path, data, headers, signal }),
  }
}

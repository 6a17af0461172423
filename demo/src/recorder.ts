import {
  type AxiosAdapter,
  AxiosHeaders,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
  isAxiosError,
} from 'axios'
import { type Exchange, parseMirror, roleOf } from './exchange'

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * Set by the demo's recorder on a request's first trip. The SDK replays a request with the
     * same config, so a config that already carries a trace is a replay of that trace.
     */
    demoTrace?: number
  }
}

type Listener = (exchange: Exchange) => void

/**
 * Watches every exchange from inside axios: `wrap()` puts a recording layer around an adapter.
 * Giving the app's instance the wrapped adapter is enough: the SDK's own client for login,
 * refresh and logout copies the instance's adapter, and replays reuse the request's config.
 */
export function createRecorder() {
  const started = new Set<Listener>()
  const ended = new Set<Listener>()
  let lastId = 0

  function wrap(adapter: AxiosAdapter): AxiosAdapter {
    return async (config) => {
      const id = ++lastId
      const url = config.url ?? ''
      const replay = config.demoTrace !== undefined
      config.demoTrace ??= id
      const exchange = describeRequest(id, config, replay ? 'replay' : roleOf(url))
      for (const listener of started) listener(exchange)
      try {
        const response = await adapter(config)
        finish(exchange, response)
        return response
      } catch (error) {
        finish(exchange, isAxiosError(error) ? error.response : undefined)
        throw error
      }
    }
  }

  function finish(exchange: Exchange, response: AxiosResponse | undefined): void {
    Object.assign(exchange, describeResponse(response))
    for (const listener of ended) listener(exchange)
  }

  return {
    wrap,
    onStart: (listener: Listener) => void started.add(listener),
    onEnd: (listener: Listener) => void ended.add(listener),
  }
}

export type Recorder = ReturnType<typeof createRecorder>

function describeRequest(
  id: number,
  config: InternalAxiosRequestConfig,
  role: Exchange['role'],
): Exchange {
  return {
    id,
    trace: config.demoTrace ?? id,
    role,
    method: (config.method ?? 'get').toUpperCase(),
    url: config.url ?? '',
    startedAt: Date.now(),
    status: null,
    endedAt: null,
    authorization: text(config.headers.get('Authorization')),
    requestedWith: text(config.headers.get('X-Requested-With')),
    refreshCookie: null,
    setCookies: null,
    wwwAuthenticate: null,
    message: null,
    body: undefined,
  }
}

function describeResponse(response: AxiosResponse | undefined): Partial<Exchange> {
  const endedAt = Date.now()
  if (!response) return { endedAt }
  const headers = AxiosHeaders.from(response.headers as AxiosHeaders)
  const cookie = text(headers.get('X-Mock-Refresh-Cookie'))
  const body = parseBody(response.data)
  const message = (body as { message?: unknown } | null)?.message
  return {
    endedAt,
    status: response.status,
    refreshCookie: cookie === 'present' || cookie === 'absent' ? cookie : null,
    setCookies: parseMirror(text(headers.get('X-Demo-Set-Cookie'))),
    wwwAuthenticate: text(headers.get('WWW-Authenticate')),
    message: typeof message === 'string' ? message : null,
    body,
  }
}

/** Axios parses JSON only after the adapter returns, so the recorder sees the raw text. */
function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null

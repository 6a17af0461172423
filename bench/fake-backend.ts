import { type AxiosAdapter, AxiosError, type AxiosResponse } from 'axios'

/** How the fake refresh endpoint answers: a new token, or always this status. */
export type RefreshMode = 'ok' | 500 | 401

export interface FakeBackendOptions {
  /** Milliseconds for one data request; 0 answers without a timer. */
  dataLatency: () => number
  refreshLatencyMs: number
  refresh: RefreshMode
  /** An access token the server accepts (besides those its refreshes issue). */
  acceptedToken: string
}

let issued = 0

/** A JWT-shaped, unsigned token with `exp` (seconds) — enough for the clients, which only decode. */
export function fakeJwt(expiresInMs: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const exp = Math.floor((Date.now() + expiresInMs) / 1000)
  return `${part({ alg: 'HS256', typ: 'at+jwt' })}.${part({ sub: 'bench', jti: ++issued, exp })}.sig`
}

/** Deterministic 0..1 numbers (mulberry32), so the jittered runs are the same for every library. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/**
 * An axios adapter standing in for the server: `POST …/refresh` issues a new access token; any
 * other URL is the data endpoint, 401 unless it carries an accepted token (the given one or any
 * issued since — a refresh does not revoke the access tokens before it). Counts what reaches it.
 */
export function createFakeBackend(options: FakeBackendOptions) {
  const counts = { refreshCalls: 0, dataRequests: 0 }
  const accepted = new Set([options.acceptedToken])

  const answer = (status: number, data: unknown) => (config: Parameters<AxiosAdapter>[0]) => {
    const response: AxiosResponse = {
      data,
      status,
      statusText: '',
      headers: {},
      config,
      request: {},
    }
    if (config.validateStatus?.(status) ?? true) return response
    const code = status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE
    throw new AxiosError(`Request failed with status code ${status}`, code, config, {}, response)
  }

  function route(config: Parameters<AxiosAdapter>[0]) {
    if (config.url?.endsWith('/refresh')) {
      counts.refreshCalls++
      if (options.refresh !== 'ok') return { ms: options.refreshLatencyMs, status: options.refresh }
      const accessToken = fakeJwt(3_600_000)
      accepted.add(accessToken)
      const body = { accessToken, expiresIn: 3_600_000 }
      return { ms: options.refreshLatencyMs, status: 200, body }
    }
    counts.dataRequests++
    const [scheme, token] = String(config.headers.get('Authorization')).split(' ')
    const ok = scheme === 'Bearer' && accepted.has(token ?? '')
    return { ms: options.dataLatency(), status: ok ? 200 : 401, body: ok ? { ok } : null }
  }

  const adapter: AxiosAdapter = async (config) => {
    const { ms, status, body } = route(config)
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
    return answer(status, body ?? null)(config)
  }
  return { adapter, counts }
}

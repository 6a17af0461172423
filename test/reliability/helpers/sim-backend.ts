import {
  type AxiosAdapter,
  AxiosError,
  type AxiosResponse,
  CanceledError,
  type InternalAxiosRequestConfig,
} from 'axios'
import type { SimClock } from './sim-clock'

/** What one refresh call answers: a token, a status, a dropped connection, or nothing at all. */
export type RefreshOutcome = 'ok' | 401 | 403 | 500 | 503 | 'network' | 'hang'

export interface BackendScript {
  /** Answers of the successive refresh calls; `'ok'` once used up. */
  refreshOutcomes: RefreshOutcome[]
  /** Latency of each refresh call (cycled), ms. */
  refreshLatencies: number[]
  /** Latency of each API call (cycled), ms. */
  apiLatencies: number[]
  /** Lifetime of the access tokens the server issues, ms. */
  accessTtlMs: number
  /** Whether logout calls reach the server. */
  logoutReachable: boolean
}

/** One request as it reached the simulated wire. */
export interface Send {
  /** The app's request id (header `X-Req`); undefined for refresh/login/logout. */
  req: string | undefined
  /** The issue number of the token sent (`at-7` → 7); 0 when none was sent. */
  token: number
  at: number
  status?: number
  /** The newest token the SDK had announced (`refreshed`) when this was sent; set by the observer. */
  floor?: number
}

export interface BackendObserver {
  /** An API call reached the wire. */
  onSend?(send: Send): void
  /** A refresh call reached the wire. */
  onRefreshCall?(): void
  /** A refresh call ended: its status, a dropped connection, or cancelled by the SDK's timeout. */
  onRefreshAnswer?(result: number | 'network' | 'timeout'): void
  /** Asked when a refresh would answer with a token: true refuses it (401), e.g. no session cookie. */
  refuseRefresh?(): boolean
}

export const REQ_HEADER = 'X-Req'

/** `at-7` → 7, no or foreign token → 0. */
export const tokenIndex = (value: unknown) =>
  typeof value === 'string' ? Number(/at-(\d+)$/.exec(value)?.[1] ?? 0) : 0

/**
 * The backend of the property test as an axios adapter on simulated time: API calls need a token
 * the server issued, that is neither expired nor invalidated; refresh calls follow the script.
 * It records what reached the wire and how many refresh calls were open at once.
 */
export function createSimBackend(
  clock: SimClock,
  script: BackendScript,
  observer: BackendObserver = {},
) {
  let issued = 0
  const valid = new Map<number, number>() // token index → server-side expiry
  const sends: Send[] = []
  let refreshCalls = 0
  let refreshesOpen = 0
  let maxRefreshesOpen = 0
  let apiCalls = 0

  function issue() {
    issued++
    valid.set(issued, clock.now() + script.accessTtlMs)
    return { code: 200, data: { token: `at-${issued}`, expiresIn: script.accessTtlMs } }
  }

  const isValid = (index: number) => (valid.get(index) ?? 0) > clock.now()

  /** Answers after `latency` ms of simulated time, or rejects with CanceledError on abort. */
  function respond(
    config: InternalAxiosRequestConfig,
    latency: number | 'never',
    answer: () => { status: number; data: unknown } | 'network',
    onEnd: (result: number | 'network' | 'canceled') => void = () => {},
  ): Promise<AxiosResponse> {
    const signal = config.signal as AbortSignal | undefined
    return new Promise((resolve, reject) => {
      let timer: number | undefined
      const abort = () => {
        if (timer !== undefined) clock.cancel(timer)
        onEnd('canceled')
        reject(new CanceledError(undefined, config))
      }
      if (signal?.aborted) return abort()
      signal?.addEventListener('abort', abort, { once: true })
      if (latency === 'never') return
      timer = clock.schedule(latency, () => {
        signal?.removeEventListener('abort', abort)
        const result = answer()
        if (result === 'network') {
          onEnd('network')
          return reject(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config))
        }
        onEnd(result.status)
        const response: AxiosResponse = {
          data: result.data,
          status: result.status,
          statusText: String(result.status),
          headers: {},
          config,
          request: {},
        }
        if (result.status < 400) return resolve(response)
        const code = result.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST
        reject(
          new AxiosError(
            `Request failed with status code ${result.status}`,
            code,
            config,
            {},
            response,
          ),
        )
      })
    })
  }

  const adapter: AxiosAdapter = (config) => {
    const url = config.url ?? ''
    const token = tokenIndex(config.headers.get('Authorization'))
    if (url.endsWith('/api/auth/refresh')) {
      const call = refreshCalls++
      const outcome = script.refreshOutcomes[call] ?? 'ok'
      const latency = script.refreshLatencies[call % script.refreshLatencies.length] ?? 0
      refreshesOpen++
      observer.onRefreshCall?.()
      maxRefreshesOpen = Math.max(maxRefreshesOpen, refreshesOpen)
      return respond(
        config,
        outcome === 'hang' ? 'never' : latency,
        () => {
          if (outcome === 'ok' && observer.refuseRefresh?.())
            return { status: 401, data: { code: 401 } }
          if (outcome === 'ok') return { status: 200, data: issue() }
          return outcome === 'network' || outcome === 'hang'
            ? 'network'
            : { status: outcome, data: { code: outcome } }
        },
        (result) => {
          refreshesOpen--
          observer.onRefreshAnswer?.(result === 'canceled' ? 'timeout' : result)
        },
      )
    }
    if (url.endsWith('/api/auth/login'))
      return respond(config, 5, () => ({ status: 200, data: issue() }))
    if (url.endsWith('/api/auth/logout')) {
      return respond(config, 5, () => {
        if (!script.logoutReachable) return 'network'
        valid.delete(token)
        return { status: 200, data: { code: 200 } }
      })
    }
    const send: Send = {
      req: config.headers.get(REQ_HEADER)?.toString(),
      token,
      at: clock.now(),
    }
    sends.push(send)
    observer.onSend?.(send)
    const latency = script.apiLatencies[apiCalls++ % script.apiLatencies.length] ?? 0
    return respond(config, latency, () => {
      send.status = isValid(token) ? 200 : 401
      return { status: send.status, data: { sent: token } }
    })
  }

  return {
    adapter,
    sends,
    /** Issues a token as an earlier login would have. */
    issue: () => issue().data,
    /** Server-side invalidation: every token issued so far is refused from now on. */
    invalidateAll: () => valid.clear(),
    /** Whether the server would accept the token `at-<index>` now. */
    accepts: isValid,
    /** Tokens issued so far; the newest is `at-<issued>`. */
    get issued() {
      return issued
    },
    get refreshCalls() {
      return refreshCalls
    },
    get maxRefreshesOpen() {
      return maxRefreshesOpen
    },
    get refreshesOpen() {
      return refreshesOpen
    },
  }
}

export type SimBackend = ReturnType<typeof createSimBackend>

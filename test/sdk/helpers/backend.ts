import { delay, HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'

export const BASE_URL = 'http://api.test'

/** What the next refresh answers instead of a token: a status, a network error, or silence past any timeout. */
export type RefreshFault = number | 'network' | 'hang'

export interface BackendOptions {
  /** Lifetime the backend announces for new tokens (ms). */
  expiresIn?: number
  /** Server-side latency of the refresh call (ms). */
  refreshLatencyMs?: number
  /** Latency of each API call, applied before the token check so a 401 can land after the refresh. */
  apiLatencyMs?: () => number
}

/**
 * A small rotating token backend on msw: one valid access token at a time, every refresh issues
 * the next. It counts what reaches the wire so tests can assert "exactly one refresh".
 */
export function createTestBackend(initialOptions: BackendOptions = {}) {
  const options = { ...initialOptions }
  const state = freshState()
  const issue = () => {
    state.validToken = `at-${++state.issued}`
    return HttpResponse.json({
      code: 200,
      message: 'ok',
      data: { token: state.validToken, expiresIn: options.expiresIn ?? 60_000 },
    })
  }

  const handlers = [
    http.post(`${BASE_URL}/api/auth/refresh`, async ({ request }) => {
      state.refreshes++
      state.refreshHeaders.push(request.headers)
      state.maxConcurrentRefreshes = Math.max(state.maxConcurrentRefreshes, ++state.refreshing)
      await delay(options.refreshLatencyMs ?? 10)
      state.refreshing--
      const fault = state.faults.shift()
      if (fault === 'network') return HttpResponse.error()
      if (fault === 'hang') return delay('infinite').then(() => new HttpResponse(null))
      if (fault !== undefined) return HttpResponse.json({ code: fault }, { status: fault })
      return issue()
    }),
    http.post(`${BASE_URL}/api/auth/login`, async ({ request }) => {
      state.loginHeaders.push(request.headers)
      const body = (await request.json()) as { password?: string }
      if (body.password !== 'secret') return HttpResponse.json({ code: 401 }, { status: 401 })
      return issue()
    }),
    http.post(`${BASE_URL}/api/auth/logout`, ({ request }) => {
      state.logoutHeaders.push(request.headers)
      state.validToken = null
      return HttpResponse.json({ code: 200 })
    }),
    http.all(`${BASE_URL}/api/data/*`, async ({ request }) => {
      state.apiCalls++
      const sent = request.headers.get('authorization')
      await delay(options.apiLatencyMs?.() ?? 0)
      if (!state.validToken || sent !== `Bearer ${state.validToken}`) {
        if (state.issued > 0) state.unauthorizedAfterIssue++
        return HttpResponse.json({ code: 401, sent }, { status: 401 })
      }
      return HttpResponse.json({ code: 200, sent, url: request.url })
    }),
  ]

  const server = setupServer(...handlers)
  return {
    server,
    state,
    /** Options stay live: a test may change latencies for itself; `reset()` restores them. */
    options,
    reset() {
      Object.assign(state, freshState())
      for (const key of Object.keys(options)) delete options[key as keyof BackendOptions]
      Object.assign(options, initialOptions)
    },
    /** Makes the backend accept `token` without a refresh, as if issued by an earlier login. */
    accept(token: string) {
      state.validToken = token
    },
    /** Every request that reached the backend. */
    get wireRequests() {
      return state.refreshes + state.apiCalls
    },
  }
}

function freshState() {
  return {
    validToken: null as string | null,
    issued: 0,
    refreshes: 0,
    /** Refreshes the backend is working on right now, and the most it ever worked on at once. */
    refreshing: 0,
    maxConcurrentRefreshes: 0,
    apiCalls: 0,
    /** 401s served after the backend had issued a token: the "late 401" case. */
    unauthorizedAfterIssue: 0,
    faults: [] as RefreshFault[],
    refreshHeaders: [] as Headers[],
    logoutHeaders: [] as Headers[],
    loginHeaders: [] as Headers[],
  }
}

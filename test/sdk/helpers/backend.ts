import { delay, HttpResponse, http } from 'msw'

/** What the next refresh answers instead of a token: a status, a network error, or silence. */
export type RefreshFault = number | 'network' | 'hang'

export interface BackendOptions {
  /** Lifetime the backend announces for new tokens (ms). */
  expiresIn?: number
  /** Server-side latency of the refresh call (ms of simulated time). */
  refreshLatencyMs?: number
  /** Latency of each API call, applied before the token check so a 401 can land after the refresh. */
  apiLatencyMs?: (path: string) => number
}

let hosts = 0

/**
 * A small rotating token backend on msw: one valid access token at a time, every refresh issues
 * the next (`at-1`, `at-2`…), each refused once its `expiresIn` has passed. It counts what reaches the wire so tests can assert "exactly one
 * refresh". Each test makes its own on a host of its own (`baseUrl`), so a request a slow test
 * left behind can never reach the next test's backend. Latencies are msw `delay()`s: timers of
 * the test's simulated clock.
 */
export function createTestBackend(options: BackendOptions = {}) {
  const baseUrl = `http://api-${++hosts}.test`
  const state = {
    validToken: null as string | null,
    /** When the valid token expires on the server (epoch ms of the simulated clock). */
    validUntil: Number.POSITIVE_INFINITY,
    issued: 0,
    refreshes: 0,
    /** Refreshes the backend is working on right now, and the most it ever worked on at once. */
    refreshing: 0,
    maxConcurrentRefreshes: 0,
    apiCalls: 0,
    logins: 0,
    logouts: 0,
    /** 401s served after the backend had issued a token: the "late 401" case. */
    unauthorizedAfterIssue: 0,
    faults: [] as RefreshFault[],
    refreshHeaders: [] as Headers[],
    refreshBodies: [] as string[],
    logoutHeaders: [] as Headers[],
    loginHeaders: [] as Headers[],
    /** Every call in the order it reached the backend: `refresh`, `login`, `logout`, `api <path>`. */
    wire: [] as string[],
  }
  const issue = () => {
    state.validToken = `at-${++state.issued}`
    state.validUntil = Date.now() + (options.expiresIn ?? 60_000)
    return HttpResponse.json({
      code: 200,
      message: 'ok',
      data: { token: state.validToken, expiresIn: options.expiresIn ?? 60_000 },
    })
  }

  const handlers = [
    http.post(`${baseUrl}/api/auth/refresh`, async ({ request }) => {
      state.refreshes++
      state.wire.push('refresh')
      state.refreshHeaders.push(request.headers)
      state.refreshBodies.push(await request.text())
      state.maxConcurrentRefreshes = Math.max(state.maxConcurrentRefreshes, ++state.refreshing)
      await delay(options.refreshLatencyMs ?? 10)
      state.refreshing--
      const fault = state.faults.shift()
      if (fault === 'network') return HttpResponse.error()
      if (fault === 'hang') return delay('infinite').then(() => new HttpResponse(null))
      if (fault !== undefined) return HttpResponse.json({ code: fault }, { status: fault })
      return issue()
    }),
    http.post(`${baseUrl}/api/auth/login`, async ({ request }) => {
      state.logins++
      state.wire.push('login')
      state.loginHeaders.push(request.headers)
      const body = (await request.json()) as { password?: string }
      await delay(10)
      if (body.password !== 'secret') return HttpResponse.json({ code: 401 }, { status: 401 })
      return issue()
    }),
    http.post(`${baseUrl}/api/auth/logout`, async ({ request }) => {
      state.logouts++
      state.wire.push('logout')
      state.logoutHeaders.push(request.headers)
      await delay(5)
      state.validToken = null
      return HttpResponse.json({ code: 200 })
    }),
    http.all(`${baseUrl}/api/data/*`, async ({ request }) => {
      const path = new URL(request.url).pathname
      state.apiCalls++
      state.wire.push(`api ${path}`)
      const sent = request.headers.get('authorization')
      await delay(options.apiLatencyMs?.(path) ?? 0)
      const valid = state.validToken && Date.now() < state.validUntil
      if (!valid || sent !== `Bearer ${state.validToken}`) {
        if (state.issued > 0) state.unauthorizedAfterIssue++
        return HttpResponse.json({ code: 401, sent }, { status: 401 })
      }
      return HttpResponse.json({ code: 200, sent, url: request.url })
    }),
  ]

  return {
    baseUrl,
    handlers,
    state,
    /** Live: a test may change latencies for itself. */
    options,
    /** Makes the backend accept `token` without a refresh, as if issued by an earlier login. */
    accept(token: string) {
      state.validToken = token
      state.validUntil = Number.POSITIVE_INFINITY
    },
    /** Every request that reached the backend's refresh and API routes. */
    get wireRequests() {
      return state.refreshes + state.apiCalls
    },
  }
}

export type TestBackend = ReturnType<typeof createTestBackend>

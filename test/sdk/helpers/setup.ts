import axios, { type AxiosError, type AxiosInstance } from 'axios'
import { createSilentRefresh, type SilentRefresh, type SilentRefreshOptions } from 'silent-refresh'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { BASE_URL, type BackendOptions, createTestBackend } from './backend'

/**
 * One msw backend per test file, reset after each test, and a fresh axios instance + SDK per test.
 * Every SDK made here is disposed after its test, so no timer outlives it.
 */
export function useBackend(backendOptions: BackendOptions = {}) {
  const backend = createTestBackend(backendOptions)
  const disposers: Array<() => void> = []

  beforeAll(() => backend.server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    for (const dispose of disposers.splice(0)) dispose()
    backend.reset()
  })
  afterAll(() => backend.server.close())

  return {
    backend,
    /**
     * A real axios instance with silent refresh installed: one tab (cross-tab tests ask for more),
     * refresh-ahead off unless asked for.
     */
    client(options: SilentRefreshOptions = {}): { api: AxiosInstance; auth: SilentRefresh } {
      const api = axios.create({ baseURL: BASE_URL })
      const auth = createSilentRefresh(api, { refreshAheadMs: false, crossTab: false, ...options })
      disposers.push(() => auth.dispose())
      return { api, auth }
    },
  }
}

/** Settles every promise and sorts the outcomes, so a test can check that each settled once and how. */
export async function settleAll<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises)
  return {
    fulfilled: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    rejected: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  }
}

/** The reason `promise` rejected with; fails the test if it fulfilled instead. */
export async function rejectionOf<E = AxiosError>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise
  } catch (error) {
    return error as E
  }
  throw new Error('expected the request to reject, but it fulfilled')
}

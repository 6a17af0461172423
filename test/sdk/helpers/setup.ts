import { setupServer } from 'msw/node'
import type { SilentSession } from 'silent-refresh'
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest'
import { type BackendOptions, createTestBackend, type TestBackend } from './backend'
import { axiosFlavour, type Flavour } from './flavours'
import { useFakeTime } from './time'

/** One msw server per test file; each test installs its own backend's handlers on it. */
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

/** An app on the SDK: its session API and a way to make requests through its client. */
export interface TestClient<A extends SilentSession = SilentSession> {
  auth: A
  /** A request through the app's client; HTTP errors resolve as replies, SDK and abort errors reject. */
  request(path: string, call?: Call): Promise<Reply>
}

export interface Call {
  method?: 'GET' | 'POST'
  body?: string
  signal?: AbortSignal
  skipAuth?: boolean
  skipAuthRefresh?: boolean
  headers?: Record<string, string>
}

/** An HTTP answer as the suites look at it: the test backend's data echoes the token it saw. */
export interface Reply {
  status: number
  data: { code: number; sent?: string | null; url?: string }
}

/**
 * Per test: a fresh backend (its own host), simulated time, and `client()` making SDKs of
 * `flavour` that are disposed after the test, so no timer, lock or listener outlives it.
 * Refresh-ahead and cross-tab are off unless a test asks for them.
 */
export function useSdk<F extends Flavour = typeof axiosFlavour>(
  backendOptions: BackendOptions = {},
  flavour: F = axiosFlavour as unknown as F,
) {
  let backend: TestBackend
  const disposers: Array<() => void> = []
  beforeEach(() => {
    useFakeTime()
    backend = createTestBackend({ ...backendOptions })
    server.use(...backend.handlers)
  })
  afterEach(() => {
    for (const dispose of disposers.splice(0)) dispose()
    server.resetHandlers()
    vi.useRealTimers()
  })
  return {
    get backend() {
      return backend
    },
    server,
    client(options: Parameters<F['create']>[1] = {}): ReturnType<F['create']> {
      const client = flavour.create(backend.baseUrl, {
        refreshAheadMs: false,
        crossTab: false,
        ...options,
      }) as ReturnType<F['create']>
      disposers.push(() => client.auth.dispose())
      return client
    },
  }
}

export type { Flavour }

/**
 * How many concurrent requests the single-flight scenarios send. The thousand-request case
 * measures scale, which a window does not change: it runs in Node; under happy-dom the same
 * scenarios run up to a hundred.
 */
export const burstSizes = typeof window === 'undefined' ? [1, 10, 100, 1000] : [1, 10, 100]

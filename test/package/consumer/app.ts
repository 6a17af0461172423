// A user's file, compiled against the packed package under node16 and bundler resolution
// (test/package/types.test.ts). Each @ts-expect-error must stay an error: if the package's types
// stopped resolving, the names would turn `any` and these lines would fail as unused.
import axios from 'axios'
import {
  createSilentRefresh,
  type RefreshError,
  SessionExpiredError,
  type SilentRefreshEvents,
} from 'silent-refresh'
import { createSilentFetch, type HttpError, type SilentFetchInit } from 'silent-refresh/fetch'
import { createMockBackend, type MockBackendOptions } from 'silent-refresh/mock-server'
import { createHandlers } from 'silent-refresh/mock-server/msw'
import { type StartMockServerOptions, startMockServer } from 'silent-refresh/mock-server/node'
import { createRedisStore, type RedisStoreOptions } from 'silent-refresh/mock-server/redis'
import { oauthRefresh } from 'silent-refresh/oauth'
import { mockAuthBackend } from 'silent-refresh/vite'

const api = axios.create({ baseURL: 'https://api.example' })
const auth = createSilentRefresh(api, { refreshAheadMs: 30_000 })

// The axios augmentation reaches the user's AxiosRequestConfig.
void api.get('/public', { skipAuth: true })
void api.get('/probe', { skipAuthRefresh: true })
// @ts-expect-error skipAuthRefresh is a boolean
void api.get('/probe', { skipAuthRefresh: 'yes' })

auth.on('refreshed', ({ accessToken, expiresAt, fromOtherTab }) => {
  const token: string = accessToken
  const until: number | null = expiresAt
  const shared: boolean = fromOtherTab
  // @ts-expect-error expiresAt may be null
  const always: number = expiresAt
  return [token, until, shared, always]
})
auth.on('sessionExpired', ({ error }) => {
  const expired: SessionExpiredError = error
  // @ts-expect-error the payload has no `token`
  return [expired, error.token]
})
auth.on('refreshFailed', ({ error }) => error satisfies RefreshError)
// @ts-expect-error a SessionExpiredError's code is 'ERR_SESSION_EXPIRED'
const wrongCode: 'ERR_REFRESH_FAILED' = new SessionExpiredError('/refresh').code
// @ts-expect-error no such event
auth.on('tokenChanged', () => {})
// @ts-expect-error options are checked
createSilentRefresh(api, { refreshTimeoutMs: '10s' })

// The fetch flavour: its init opt-outs are typed, its session can be shared with axios.
const viaFetch = createSilentFetch({ baseUrl: 'https://api.example', session: auth })
const init: SilentFetchInit = { skipAuth: true, method: 'GET' }
const response: Promise<Response> = viaFetch.fetch('https://api.example/public', init)
// @ts-expect-error skipAuthRefresh is a boolean
const badInit: SilentFetchInit = { skipAuthRefresh: 'yes' }
const httpStatus = (error: HttpError): number => error.status

// The OAuth refresh fits both flavours' refreshRequest.
const refreshRequest = oauthRefresh({ tokenUrl: 'https://auth.example/token', clientId: 'spa' })
const viaOAuth = createSilentRefresh(axios.create(), { refreshRequest })
const viaOAuthFetch = createSilentFetch({ refreshRequest })
// @ts-expect-error clientId is required
oauthRefresh({ tokenUrl: 'https://auth.example/token' })

type Refreshed = SilentRefreshEvents['refreshed']
const refreshed: Refreshed = { accessToken: 'a', expiresAt: null, fromOtherTab: false }

const serverOptions: StartMockServerOptions = { port: 0, accessTtlMs: 5_000 }
// @ts-expect-error accessTtlMs is in ms, a number
const badServerOptions: StartMockServerOptions = { accessTtlMs: '5s' }
const backendOptions: MockBackendOptions = { reuseGraceMs: 2_000 }
const backend = createMockBackend(backendOptions)
const redisOptions: RedisStoreOptions = { url: 'redis://127.0.0.1:6379', prefix: 'app:' }
// @ts-expect-error commandTimeoutMs is in ms, a number
const badRedisOptions: RedisStoreOptions = { url: 'redis://x', commandTimeoutMs: '2s' }
const shared = createRedisStore(redisOptions).then((store) => startMockServer({ store }))

export const used = [
  refreshed,
  wrongCode,
  badServerOptions,
  badRedisOptions,
  viaOAuth,
  viaOAuthFetch,
  response,
  badInit,
  httpStatus,
  shared,
  createHandlers(backend),
  startMockServer(serverOptions),
  mockAuthBackend({ accessTtlMs: 10_000 }),
]

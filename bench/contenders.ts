import axios, { type AxiosAdapter, type AxiosInstance } from 'axios'
import { type AxiosAuthRefreshOptions, createAuthRefresh } from 'axios-auth-refresh'
import { applyAuthTokenInterceptor, type StorageType, setAuthTokens } from 'axios-jwt'
import { createSilentFetch } from '../src/fetch'
import { createSilentRefresh } from '../src/index'

/** What the overhead loop calls: axios instances, and the fetch clients' `get` beside them. */
interface Client {
  get(path: string): Promise<unknown>
}
type Setup = (adapter: AxiosAdapter, token: string) => Promise<Client | AxiosInstance>

/**
 * A fetch that answers at once without I/O, refusing any token but `token`, as the fake
 * backend's adapter does for axios: the time is fetch's own objects plus the library.
 */
function instantFetch(token: string): typeof fetch {
  return async (_input, init) => {
    const sent = new Headers(init?.headers).get('Authorization')
    return Response.json(
      { ok: sent === `Bearer ${token}` },
      { status: sent === `Bearer ${token}` ? 200 : 401 },
    )
  }
}

/**
 * Each library set up as its README shows, on an instance whose adapter is the fake backend,
 * holding `token` as the current access token. The refresh endpoint is `POST /refresh`,
 * answering `{ accessToken, expiresIn }`; the refresh token is the backend's (a cookie).
 * bench/RESULTS.md describes these setups in words; keep the two in step.
 */
export const contenders = {
  /**
   * The baseline: no refresh at all, the interceptor people write by hand (the protocol's own
   * example): a plain property on the headers.
   */
  async bare(adapter, token) {
    const api = axios.create({ adapter })
    api.interceptors.request.use((config) => {
      config.headers.Authorization = `Bearer ${token}`
      return config
    })
    return api
  },

  /**
   * The same through `headers.set()`, which normalises the name on every call: a slower
   * baseline, which would hide a library that pays for `set()` itself.
   */
  async 'bare, headers.set()'(adapter, token) {
    const api = axios.create({ adapter })
    api.interceptors.request.use((config) => {
      config.headers.set('Authorization', `Bearer ${token}`)
      return config
    })
    return api
  },

  /** Defaults, except one tab (no BroadcastChannel/Web Locks) and no refresh-ahead timer. */
  async 'silent-refresh'(adapter, token) {
    const api = axios.create({ adapter })
    const options = { refreshUrl: '/refresh', crossTab: false, refreshAheadMs: false } as const
    createSilentRefresh(api, options).setSession({ accessToken: token }) // expiry: the JWT's exp
    return api
  },

  /** The fetch baseline: the header by hand, on a fetch that answers at once. */
  async 'bare fetch'(_adapter, token) {
    const fetch = instantFetch(token)
    return {
      get: (path: string) =>
        fetch(`http://bench.test${path}`, { headers: { Authorization: `Bearer ${token}` } }).then(
          (response) => response.json(),
        ),
    }
  },

  /** The fetch flavour on the same fetch; defaults, except one tab and no refresh-ahead timer. */
  async 'silent-refresh/fetch'(_adapter, token) {
    const options = { fetch: instantFetch(token), crossTab: false, refreshAheadMs: false } as const
    const auth = createSilentFetch(options)
    auth.setSession({ accessToken: token })
    return {
      get: (path: string) =>
        auth.fetch(`http://bench.test${path}`).then((response) => response.json()),
    }
  },

  /** Default options. */
  'axios-auth-refresh': (adapter, token) => withAxiosAuthRefresh(adapter, token, {}),

  /** The option its maintainer points to for concurrent 401s (issues #56, #90 upstream). */
  'axios-auth-refresh, deduplicateRefresh: false': (adapter, token) =>
    withAxiosAuthRefresh(adapter, token, { deduplicateRefresh: false }),

  /**
   * Default options (10 s expiry fudge) with its documented custom-storage hook: Node has no
   * localStorage. It needs a refresh token in storage to do anything; ours lives in the cookie,
   * so a placeholder stands in and `requestRefresh` ignores it.
   */
  async 'axios-jwt'(adapter, token) {
    const api = axios.create({ adapter })
    const refreshClient = axios.create({ adapter }) // the README: never the intercepted instance
    const requestRefresh = async () => (await refreshClient.post('/refresh')).data.accessToken
    applyAuthTokenInterceptor(api, { requestRefresh, getStorage: () => memoryStorage() })
    await setAuthTokens({ accessToken: token, refreshToken: 'in-http-only-cookie' })
    return api
  },
} satisfies Record<string, Setup>

export type ContenderName = keyof typeof contenders
/** The libraries as users install them (the overhead and size tables). */
export const libraries = ['silent-refresh', 'axios-auth-refresh', 'axios-jwt'] as const
/** The concurrency tables add the variant that changes axios-auth-refresh's behaviour there. */
export const concurrencyContenders = [
  'silent-refresh',
  'axios-auth-refresh',
  'axios-auth-refresh, deduplicateRefresh: false',
  'axios-jwt',
] as const

/** The README's setup: refreshAuthLogic on a separate client, the header interceptor reading the token. */
async function withAxiosAuthRefresh(
  adapter: AxiosAdapter,
  token: string,
  options: AxiosAuthRefreshOptions,
) {
  const api = axios.create({ adapter })
  const refreshClient = axios.create({ adapter }) // the README uses the global axios
  let accessToken = token // the README keeps it in localStorage
  // biome-ignore lint/suspicious/noExplicitAny: the README's signature; the library types it `any`
  const refreshAuthLogic = (failedRequest: any) =>
    refreshClient.post('/refresh').then((response) => {
      accessToken = response.data.accessToken
      failedRequest.response.config.headers.Authorization = `Bearer ${accessToken}`
      return Promise.resolve()
    })
  createAuthRefresh(api, refreshAuthLogic, options)
  api.interceptors.request.use((request) => {
    request.headers.Authorization = `Bearer ${accessToken}`
    return request
  })
  return api
}

/** What axios-jwt's BrowserStorageService does over localStorage, over a Map. */
function memoryStorage(): StorageType {
  const items = new Map<string, string>()
  return {
    get: async (key) => items.get(key) ?? null,
    set: async (key, value) => void items.set(key, value),
    remove: async (key) => void items.delete(key),
  }
}

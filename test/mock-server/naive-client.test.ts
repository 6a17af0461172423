import type { AxiosInstance, InternalAxiosRequestConfig } from 'axios'
import axios from 'axios'
import { afterEach, describe, expect, it } from 'vitest'
import type {
  RunningMockServer,
  StartMockServerOptions,
} from '../../mock-server/adapters/node-server'
import { startMockServer } from '../../mock-server/adapters/node-server'
import { CookieJar } from './helpers/cookie-jar'

/**
 * The client from most tutorials: a 401 interceptor that refreshes on every 401 with no
 * de-duplication, then replays. N concurrent 401s mean N refreshes carrying the same refresh
 * token; the grace window is what keeps that from looking like token theft.
 */
function naiveClient(baseURL: string) {
  const jar = new CookieJar()
  const api = axios.create({ baseURL, headers: { 'X-Requested-With': 'XMLHttpRequest' } })
  let accessToken = ''
  // The browser's cookie jar, played by ours.
  api.interceptors.request.use((config) => {
    const cookie = jar.header(new URL(config.url ?? '', baseURL).href)
    if (cookie) config.headers.set('Cookie', cookie)
    if (accessToken) config.headers.set('Authorization', `Bearer ${accessToken}`)
    return config
  })
  api.interceptors.response.use(
    (response) => {
      storeCookies(jar, baseURL, response.config, response.headers['set-cookie'])
      return response
    },
    async (error) => {
      const original = error.config as InternalAxiosRequestConfig & { _retry?: boolean }
      storeCookies(jar, baseURL, original, error.response?.headers?.['set-cookie'])
      const isRefresh = original.url === '/api/auth/refresh'
      if (error.response?.status === 401 && !original._retry && !isRefresh) {
        original._retry = true
        const { data } = await api.post('/api/auth/refresh')
        accessToken = data.data.token
        return api(original)
      }
      throw error
    },
  )
  const login = async () => {
    const { data } = await api.post('/api/auth/login', { username: 'admin', password: '123456' })
    accessToken = data.data.token
  }
  return { api: api as AxiosInstance, login }
}

function storeCookies(
  jar: CookieJar,
  baseURL: string,
  config: InternalAxiosRequestConfig | undefined,
  setCookie: unknown,
) {
  if (config && Array.isArray(setCookie))
    jar.store(new URL(config.url ?? '', baseURL).href, setCookie)
}

async function twentyConcurrent(options: StartMockServerOptions) {
  server = await startMockServer(options)
  const { api, login } = naiveClient(server.url)
  await login()
  // Every access token of the user dies at once, as after a laptop wakes from sleep.
  await api.post('/__mock/expire-access', { username: 'admin' })
  // Latency as on a real network: the 401s all arrive before the first refresh answer does.
  await server.backend.configure({ latencyMs: 100 })
  return Promise.allSettled(Array.from({ length: 20 }, () => api.get('/api/employees')))
}

let server: RunningMockServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('a naive axios client (refresh on every 401, no de-duplication)', () => {
  it('survives 20 concurrent 401s thanks to the grace window', async () => {
    const results = await twentyConcurrent({ reuseGraceMs: 10_000 })
    expect(results.map((result) => result.status)).toEqual(Array(20).fill('fulfilled'))
    for (const result of results) {
      if (result.status === 'fulfilled') expect(result.value.data.data).toHaveLength(8)
    }
    expect(await server?.backend.stats()).toMatchObject({
      refreshes: 20,
      rotations: 1,
      graceReuses: 19,
      reuseDetected: 0,
    })
  })

  it('would be signed out without it (reuseGraceMs: 0, a clock that always moves on)', async () => {
    let tick = Date.now()
    const results = await twentyConcurrent({ reuseGraceMs: 0, now: () => tick++ })
    expect(results.filter((result) => result.status === 'rejected').length).toBeGreaterThan(0)
    expect((await server?.backend.stats())?.reuseDetected).toBeGreaterThan(0)
  })
})

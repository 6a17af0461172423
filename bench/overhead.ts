import axios, { type AxiosAdapter, type AxiosInstance } from 'axios'
import { createSilentRefresh } from '../src/index'

/** Answers at once without I/O, so the numbers are the cost of axios and its interceptors alone. */
const fakeAdapter: AxiosAdapter = async (config) => ({
  data: null,
  status: 200,
  statusText: 'OK',
  headers: {},
  config,
  request: {},
})

function bareWithHeaderInterceptor(): AxiosInstance {
  const api = axios.create({ adapter: fakeAdapter })
  const token = 'token'
  api.interceptors.request.use((config) => {
    config.headers.set('Authorization', `Bearer ${token}`)
    return config
  })
  return api
}

function withSilentRefresh(): AxiosInstance {
  const api = axios.create({ adapter: fakeAdapter })
  const auth = createSilentRefresh(api, { refreshAheadMs: false })
  auth.setSession({ accessToken: 'token', expiresIn: 3_600_000 })
  return api
}

/** Sends `count` requests, `concurrency` at a time; returns ns per request. */
async function timeRequests(api: AxiosInstance, count: number, concurrency = 100): Promise<number> {
  const start = process.hrtime.bigint()
  for (let sent = 0; sent < count; sent += concurrency) {
    await Promise.all(Array.from({ length: concurrency }, () => api.get('/resource')))
  }
  return Number(process.hrtime.bigint() - start) / count
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/** 100k requests each way, in alternating rounds so machine noise hits both sides alike. */
export async function measureOverhead(total = 100_000, rounds = 10) {
  const contenders = { bare: bareWithHeaderInterceptor(), silentRefresh: withSilentRefresh() }
  await timeRequests(contenders.bare, 5_000) // warm-up: JIT both paths before measuring
  await timeRequests(contenders.silentRefresh, 5_000)
  const samples = { bare: [] as number[], silentRefresh: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    samples.bare.push(await timeRequests(contenders.bare, total / rounds))
    samples.silentRefresh.push(await timeRequests(contenders.silentRefresh, total / rounds))
  }
  const bare = median(samples.bare)
  const silentRefresh = median(samples.silentRefresh)
  return {
    requests: total,
    bareNs: bare,
    silentRefreshNs: silentRefresh,
    ratio: silentRefresh / bare,
  }
}

// Run with `node --expose-gc`: a refresh endpoint that never answers, real timers, and a
// garbage collection every 10 ms. Prints when and how the waiting request and refresh() settled.
// (On Node 20 a time limit built from AbortSignal.any([…, AbortSignal.timeout()]) is collected
// with the composite signal and never fires: this hung.)
import { createServer } from 'node:http'
import axios from 'axios'
import { createSilentRefresh } from '../../../dist/src/index.js'

let calls = 0
const server = createServer((request, response) => {
  if (request.url === '/api/auth/refresh') return void calls++ // never answers
  response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"code":401}')
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const api = axios.create({ baseURL: `http://127.0.0.1:${server.address().port}` })
const auth = createSilentRefresh(api, {
  crossTab: false,
  refreshAheadMs: false,
  refreshTimeoutMs: 200,
  retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 50 },
})
const collect = setInterval(() => globalThis.gc(), 10)
const started = performance.now()
const settle = (promise) =>
  promise.then(
    () => ({ ok: true, ms: performance.now() - started }),
    (error) => ({ code: error.code, ms: performance.now() - started }),
  )
const [request, refresh] = await Promise.all([settle(api.get('/api/data')), settle(auth.refresh())])
clearInterval(collect)
console.log(JSON.stringify({ request, refresh, calls }))
auth.dispose()
server.closeAllConnections()
server.close()

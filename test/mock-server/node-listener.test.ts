import { request as httpRequest } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunningMockServer } from '../../mock-server/adapters/node-server'
import { startMockServer } from '../../mock-server/adapters/node-server'

/** Raw node:http, so the test decides how the body is framed (length, chunked, none). */
function post(
  url: string,
  path: string,
  headers: Record<string, string>,
  chunks: string[] = [],
): Promise<{ status: number; setCookie: string[]; json: { code: number; message: string } }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url)
    const req = httpRequest({ method: 'POST', host: hostname, port, path, headers }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (chunk: Buffer) => parts.push(chunk))
      res.on('error', reject)
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          setCookie: res.headers['set-cookie'] ?? [],
          json: JSON.parse(Buffer.concat(parts).toString('utf8')),
        }),
      )
    })
    req.on('error', reject)
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })
}

const credentials = JSON.stringify({ username: 'admin', password: '123456' })
const cookieOf = (setCookie: string[]) => setCookie[0]?.split(';')[0] ?? ''

// The Node listener skips the body stream for POSTs that announce no body (refresh, logout);
// the framings that do carry one must still reach the handlers, and the body limit.
describe('node listener: request bodies', () => {
  let server: RunningMockServer
  beforeEach(async () => {
    server = await startMockServer({ port: 0, maxBodyBytes: 1_000 })
  })
  afterEach(() => server.close())

  it('reads a body sent with Content-Length', async () => {
    const res = await post(
      server.url,
      '/api/auth/login',
      { 'Content-Type': 'application/json', 'Content-Length': String(credentials.length) },
      [credentials],
    )
    expect(res.status).toBe(200)
  })

  it('reads a chunked body, and holds it to the body limit', async () => {
    const chunked = { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }
    const half = Math.floor(credentials.length / 2)
    const ok = await post(server.url, '/api/auth/login', chunked, [
      credentials.slice(0, half),
      credentials.slice(half),
    ])
    expect(ok.status).toBe(200)
    const big = await post(server.url, '/api/auth/login', chunked, [
      'x'.repeat(600),
      'y'.repeat(600),
    ])
    expect(big.status).toBe(413)
  })

  it('answers a bodiless login with a 4xx envelope, with or without Content-Length: 0', async () => {
    const json = { 'Content-Type': 'application/json' }
    for (const headers of [json, { ...json, 'Content-Length': '0' }]) {
      const res = await post(server.url, '/api/auth/login', headers)
      expect(res.status).toBe(400)
      expect(res.json.code).toBe(400)
    }
  })

  it('rotates on bodiless refresh POSTs, with or without Content-Length: 0', async () => {
    const login = await post(
      server.url,
      '/api/auth/login',
      { 'Content-Type': 'application/json', 'Content-Length': String(credentials.length) },
      [credentials],
    )
    let cookie = cookieOf(login.setCookie)
    for (const extra of [{}, { 'Content-Length': '0' }] as Array<Record<string, string>>) {
      const res = await post(server.url, '/api/auth/refresh', {
        Cookie: cookie,
        'X-Requested-With': 'test',
        ...extra,
      })
      expect(res.status).toBe(200)
      expect(cookieOf(res.setCookie)).not.toBe(cookie)
      cookie = cookieOf(res.setCookie)
    }
    expect((await server.backend.stats()).rotations).toBe(2)
  })
})

import { Agent, request } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunningMockServer } from '../../mock-server/adapters/node-server'
import { startMockServer } from '../../mock-server/adapters/node-server'
import { createClient } from './helpers/client'
import { parseSetCookie } from './helpers/cookie-jar'
import { nodeTransport, sendHttp, type Transport } from './helpers/transports'

// Findings 4-6 of issue #14, each over a real socket.

interface Sent {
  status: number
  headers: Record<string, string | string[] | undefined>
}

/** One request through `agent`, so requests can share (or fail to share) a keep-alive socket. */
function send(
  baseUrl: string,
  agent: Agent,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
) {
  const { hostname, port } = new URL(baseUrl)
  return new Promise<Sent>((resolve, reject) => {
    const req = request(
      { host: hostname, port, agent, method: options.method, path: options.path },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
        res.on('error', reject)
      },
    )
    for (const [name, value] of Object.entries(options.headers ?? {})) req.setHeader(name, value)
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('a body refused early (real HTTP, keep-alive)', () => {
  let server: RunningMockServer
  let agent: Agent
  beforeEach(async () => {
    server = await startMockServer({ port: 0, maxBodyBytes: 1_024 })
    agent = new Agent({ keepAlive: true, maxSockets: 1 })
  })
  afterEach(async () => {
    agent.destroy()
    await server.close()
  })

  it('says Connection: close with the 413, so the next request on the agent still gets through', async () => {
    const big = await send(server.url, agent, {
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'x'.repeat(200_000) }),
    })
    expect(big.status).toBe(413)
    expect(big.headers.connection).toBe('close')
    for (let i = 0; i < 3; i++) {
      const next = await send(server.url, agent, { method: 'GET', path: '/api/employees' })
      expect(next.status).toBe(401)
    }
  })
})

describe('several refresh cookies in one request (real HTTP)', () => {
  let transport: Transport
  beforeEach(async () => {
    transport = await nodeTransport()
  })
  afterEach(() => transport.close())

  it('means no valid session: 401, and clearing cookies at every path that may hold one', async () => {
    const client = createClient(transport)
    await client.login()
    const real = client.rt()
    // A cookie planted at the deeper path comes first, as browsers order them.
    for (const order of [`rt=planted; rt=${real}`, `rt=${real}; rt=planted`]) {
      const res = await client.refresh({ headers: { Cookie: order } })
      expect(res.status).toBe(401)
      expect(res.body.message).toMatch(/several refresh cookies/i)
      const cleared = res.setCookies.map(parseSetCookie)
      expect(cleared.every((cookie) => cookie.attributes.get('max-age') === '0')).toBe(true)
      expect(cleared.map((cookie) => cookie.attributes.get('path')).sort()).toEqual([
        '/',
        '/api',
        '/api/auth',
        '/api/auth/refresh',
      ])
    }
    // Neither cookie was taken for the session: nothing rotated.
    expect((await transport.backend.stats()).rotations).toBe(0)
  })
})

describe('the Host header (real HTTP)', () => {
  const servers: RunningMockServer[] = []
  const start = async (allowedHosts?: readonly string[] | true) => {
    const server = await startMockServer({ port: 0, allowedHosts })
    servers.push(server)
    return server
  }
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })
  const stats = (server: RunningMockServer, host: string) =>
    sendHttp(server.url, { method: 'GET', path: '/__mock/stats', headers: { Host: host } })

  it('refuses a name it was not given with 403, even with a matching Origin (DNS rebinding)', async () => {
    const server = await start()
    const res = await sendHttp(server.url, {
      method: 'GET',
      path: '/__mock/stats',
      headers: { Host: 'rebind.attacker.example', Origin: 'http://rebind.attacker.example' },
    })
    expect(res.status).toBe(403)
    expect(JSON.parse(res.text)).toMatchObject({ code: 403, data: null })
    expect(JSON.parse(res.text).message).toContain('--allowed-host')
  })

  it('answers loopback names and IP addresses by default', async () => {
    const server = await start()
    const { port } = new URL(server.url)
    for (const host of [
      `localhost:${port}`,
      `app.localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `192.168.1.20:${port}`,
    ]) {
      expect((await stats(server, host)).status, host).toBe(200)
    }
  })

  it('answers the names it was given; a leading dot takes the subdomains too', async () => {
    const server = await start(['dev.example.test', '.team.test'])
    for (const host of ['dev.example.test', 'DEV.example.test:8080', 'team.test', 'a.team.test']) {
      expect((await stats(server, host)).status, host).toBe(200)
    }
    for (const host of ['example.test', 'evil-team.test', 'dev.example.test.evil']) {
      expect((await stats(server, host)).status, host).toBe(403)
    }
    const open = await start(true)
    expect((await stats(open, 'anything.example')).status).toBe(200)
  })

  it('refuses a bad allowedHosts option with a TypeError', async () => {
    await expect(start(['ok', ''])).rejects.toThrow(/allowedHosts/)
  })
})

import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { startMockServer } from '../mock-server/adapters/node-server'
import { createRedisStore } from '../mock-server/adapters/redis-store'

// One server per process, run by bench/mock-server.ts, so each gets its own event loop:
//   servers.ts hello                         a bare Hono "hello"
//   servers.ts mock                          the mock server, memory store
//   servers.ts mock <redis url> <secret>     the mock server on Redis (instances share both)
// Prints its base URL as one JSON line; exits when stdin closes.
const [kind, redisUrl, secret] = process.argv.slice(2)

async function start(): Promise<string> {
  if (kind === 'hello') {
    const hello = serve({ fetch: new Hono().get('/', (c) => c.text('hello')).fetch, port: 0 })
    await once(hello, 'listening')
    return `http://127.0.0.1:${(hello.address() as AddressInfo).port}`
  }
  const store = redisUrl ? await createRedisStore({ url: redisUrl, prefix: 'bench:' }) : undefined
  return (await startMockServer({ port: 0, store, secret })).url
}

process.stdout.write(`${JSON.stringify({ url: await start() })}\n`)
process.stdin.resume().on('end', () => process.exit(0))

import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { startMockServer } from '../mock-server/adapters/node-server'

// Run by bench/mock-server.ts in its own process, so the servers and autocannon get a core each.
// Prints both base URLs as one JSON line; exits when stdin closes.
const hello = serve({ fetch: new Hono().get('/', (c) => c.text('hello')).fetch, port: 0 })
await once(hello, 'listening')
const mock = await startMockServer({ port: 0 })
const helloUrl = `http://127.0.0.1:${(hello.address() as AddressInfo).port}`
process.stdout.write(`${JSON.stringify({ hello: helloUrl, mock: mock.url })}\n`)
process.stdin.resume().on('end', () => process.exit(0))

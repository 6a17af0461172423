import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PreviewServer, ViteDevServer } from 'vite'
import { createServer, preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mockAuthBackend } from '../../mock-server/adapters/vite-plugin'
import { createClient } from './helpers/client'
import { urlTransport } from './helpers/transports'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'silent-refresh-vite-'))
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>')
})
afterAll(() => rm(root, { recursive: true, force: true }))

function urlOf(server: ViteDevServer | PreviewServer): string {
  const address = server.httpServer?.address()
  if (!address || typeof address === 'string') throw new Error('the Vite server is not listening')
  return `http://127.0.0.1:${(address as AddressInfo).port}`
}

describe('Vite plugin', () => {
  it('serves the backend on the dev server’s own origin and leaves other paths to Vite', async () => {
    const plugin = mockAuthBackend({ accessTtlMs: 10_000 })
    const server = await createServer({
      configFile: false,
      root,
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1', ws: false },
      plugins: [plugin],
    })
    await server.listen()
    try {
      const transport = urlTransport(urlOf(server), plugin.api.backend)
      const client = createClient(transport)
      const login = await client.login()
      expect(login.body.data).toMatchObject({ username: 'admin', expiresIn: 10_000 })
      expect(client.rt()).toBeDefined()
      expect((await client.refresh()).status).toBe(200)
      expect((await client.employees(login.body.data.token)).status).toBe(200)
      expect((await client.call('GET', '/__mock/stats')).body.data).toMatchObject({
        logins: 1,
        rotations: 1,
      })
      // The socket address reached the backend: the same browser from another IP is another device.
      const elsewhere = await createClient(transport).login('admin', '123456', {
        localAddress: '127.0.0.2',
      })
      expect(elsewhere.body.data.device).not.toBe(login.body.data.device)
      // Vite still serves the app.
      const page = await transport.send({
        method: 'GET',
        path: '/',
        headers: { Accept: 'text/html' },
      })
      expect(page.text).toContain('<title>app</title>')
    } finally {
      await server.close()
    }
  })

  it('serves it from the preview server too', async () => {
    const plugin = mockAuthBackend()
    const server = await preview({
      configFile: false,
      root,
      logLevel: 'silent',
      build: { outDir: root },
      preview: { port: 0, host: '127.0.0.1' },
      plugins: [plugin],
    })
    try {
      const client = createClient(urlTransport(urlOf(server), plugin.api.backend))
      expect((await client.login()).status).toBe(200)
      expect((await client.refresh()).status).toBe(200)
    } finally {
      await server.close()
    }
  })
})

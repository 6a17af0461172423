import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunningMockServer } from '../../mock-server/adapters/node-server'
import { startMockServer } from '../../mock-server/adapters/node-server'
import { createNodeClient } from '../readme/recipe-node-jar'

// A Node client (SSR, a script, a test) keeps its cookies in a jar set on the axios instance:
// the SDK's refresh, login and logout must go through it (finding 4 of the identity-servers
// issue: they used a bare client and the cookie never went out), while the app's interceptors
// still never see them. The README's recipe, against the mock server over real HTTP.
let server: RunningMockServer
beforeEach(async () => {
  server = await startMockServer({ port: 0 })
})
afterEach(() => server.close())

describe('a Node cookie jar on the app’s instance', () => {
  it('carries the refresh cookie on the SDK’s own calls: one refresh for 20 requests after revocation', async () => {
    const { api, auth, jar } = createNodeClient(server.url)
    const seen: string[] = []
    api.interceptors.request.use((config) => {
      seen.push(config.url ?? '')
      return config
    })
    try {
      await auth.login({ username: 'admin', password: '123456' })
      expect(await jar.getCookieString(`${server.url}/api/auth/refresh`)).toMatch(/^rt=/)

      await api.post('/__mock/expire-access', { username: 'admin' })
      const answers = await Promise.all(Array.from({ length: 20 }, () => api.get('/api/employees')))

      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200))
      expect(await server.backend.stats()).toMatchObject({ logins: 1, rotations: 1 })
      await auth.logout()
      expect(await jar.getCookieString(`${server.url}/api/auth/refresh`)).toBe('')
      // The app's interceptors saw its own calls only, never login, refresh or logout.
      expect(seen.filter((url) => url.startsWith('/api/auth'))).toEqual([])
    } finally {
      auth.dispose()
    }
  })
})

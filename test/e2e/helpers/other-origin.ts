import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A server on another origin than the page (127.0.0.1 against the demo's localhost): an OAuth
 * token endpoint that allows the page's origin but no credentials, as oidc-provider and most
 * identity servers answer; a protected API that takes its tokens; and a refresh endpoint that
 * never answers. CORS is real: Chromium checks these answers itself.
 */
export async function startOtherOrigin(pageOrigin: string) {
  let issued = 0
  const counts = { tokenCalls: 0, credentialedTokenCalls: 0, apiCalls: 0, hung: 0 }
  const cors = (response: ServerResponse, credentials: boolean) => {
    response.setHeader('Access-Control-Allow-Origin', pageOrigin)
    response.setHeader(
      'Access-Control-Allow-Headers',
      'Authorization, Content-Type, X-Requested-With',
    )
    response.setHeader('Access-Control-Allow-Methods', 'GET, POST')
    if (credentials) response.setHeader('Access-Control-Allow-Credentials', 'true')
  }
  const json = (response: ServerResponse, status: number, body: unknown) =>
    response
      .writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      .end(JSON.stringify(body))

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    // The hung refresh endpoint allows credentials (the default refresh sends the cookie); the
    // token endpoint and the API do not.
    cors(response, path === '/hang')
    if (request.method === 'OPTIONS') return response.writeHead(204).end()
    if (path === '/hang') {
      counts.hung++
      return // never answers
    }
    if (path === '/oauth/token') {
      counts.tokenCalls++
      if (request.headers.cookie) counts.credentialedTokenCalls++
      return json(response, 200, {
        access_token: `oauth-${++issued}`,
        expires_in: 60,
        token_type: 'Bearer',
      })
    }
    if (path === '/api/data') {
      counts.apiCalls++
      const ok = request.headers.authorization === `Bearer oauth-${issued}` && issued > 0
      return json(response, ok ? 200 : 401, { sent: request.headers.authorization ?? null })
    }
    json(response, 404, {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

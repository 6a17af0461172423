import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import Provider from 'oidc-provider'
import { CookieJar } from 'tough-cookie'
// Node's own fetch: under happy-dom the global one is the page's, with CORS.
import { fetch } from 'undici'

export const CLIENT_ID = 'spa'
const REDIRECT_URI = 'http://127.0.0.1/callback'

export interface OidcServer {
  issuer: string
  tokenUrl: string
  /** Refresh-token grants answered so far, and grants the server revoked (reuse detection). */
  counts: { refreshGrants: number; revokedGrants: number }
  /** Delay before the token endpoint answers a refresh (a timer: simulated when the test fakes them). */
  refreshLatencyMs: number
  /** Signs `user` in with authorization code + PKCE, through the dev interactions, headlessly. */
  authorize(user?: string): Promise<TokenSet>
  /** POSTs a refresh-token grant as any client (an attacker holding a copy) would. */
  refreshWith(refreshToken: string): Promise<{ status: number; body: Record<string, unknown> }>
  close(): Promise<void>
}

export interface TokenSet {
  access_token: string
  refresh_token: string
  expires_in: number
}

const base64url = (buffer: Buffer) => buffer.toString('base64url')

/**
 * oidc-provider (the certified OpenID Provider) on 127.0.0.1, as an OAuth server for a browser
 * app: one public client (`spa`, PKCE, no secret), refresh tokens rotated on every use — a
 * rotated one used again revokes the grant — and short access tokens.
 */
export async function startOidcServer({ accessTtlS = 60 } = {}): Promise<OidcServer> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = () => {}
  const counts = { refreshGrants: 0, revokedGrants: 0 }
  const state = { refreshLatencyMs: 0 }
  const server = createServer((req, res) => {
    const refresh = req.method === 'POST' && req.url === '/token'
    if (refresh && state.refreshLatencyMs > 0)
      setTimeout(() => handle(req, res), state.refreshLatencyMs)
    else handle(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // A key of its own, instead of the development keys it warns about.
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig' }] },
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'native', // a loopback redirect URI over http
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: accessTtlS, RefreshToken: 24 * 3600, Grant: 24 * 3600 },
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
  })
  provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') counts.refreshGrants++
  })
  provider.on('grant.revoked', () => counts.revokedGrants++)
  handle = provider.callback() as typeof handle

  async function authorize(user = 'alice'): Promise<TokenSet> {
    const jar = new CookieJar()
    const verifier = base64url(randomBytes(32))
    const challenge = base64url(createHash('sha256').update(verifier).digest())
    const params = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid offline_access',
      prompt: 'consent',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    /** One request with the jar's cookies, redirects not followed; the jar keeps what it sets. */
    const send = async (url: string, body?: URLSearchParams) => {
      const response = await fetch(url, {
        method: body ? 'POST' : 'GET',
        body,
        redirect: 'manual',
        headers: { cookie: await jar.getCookieString(url) },
      })
      for (const line of response.headers.getSetCookie()) await jar.setCookie(line, url)
      return new URL(response.headers.get('location') ?? url, url).href
    }
    let next = await send(`${issuer}/auth?${params}`)
    for (let step = 0; step < 10 && !next.startsWith(REDIRECT_URI); step++) {
      if (next.includes('/interaction/')) {
        // The login prompt first, then consent (the dev interactions take any account).
        const login = await send(next, new URLSearchParams({ prompt: 'login', login: user }))
        next = await send(login)
        if (next.includes('/interaction/'))
          next = await send(await send(next, new URLSearchParams({ prompt: 'consent' })))
      } else next = await send(next)
    }
    const code = new URL(next).searchParams.get('code')
    if (!code) throw new Error(`the authorization did not end at the redirect URI: ${next}`)
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
        code_verifier: verifier,
      }),
    })
    const tokens = (await response.json()) as TokenSet
    if (!tokens.refresh_token) throw new Error(`no refresh token: ${JSON.stringify(tokens)}`)
    return tokens
  }

  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    counts,
    get refreshLatencyMs() {
      return state.refreshLatencyMs
    },
    set refreshLatencyMs(ms: number) {
      state.refreshLatencyMs = ms
    },
    authorize,
    async refreshWith(refreshToken) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: CLIENT_ID,
        }),
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

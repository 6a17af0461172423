// better-auth in a process of its own (started by better-auth-server.ts): its Response and
// Headers must be Node's (a page's Headers hide Set-Cookie), and it refuses to run beside a
// `window`, which the cross-tab tests need. Its clock can be moved on (`POST /__clock`), so the
// tests expire its JWTs without waiting. Prints its URL, then serves until stdin closes.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

// The clock first, before better-auth and jose read it.
const RealDate = Date
let offsetMs = 0
class ShiftedDate extends RealDate {
  constructor(...args: ConstructorParameters<typeof Date> | []) {
    if (args.length === 0) super(RealDate.now() + offsetMs)
    else super(...(args as ConstructorParameters<typeof Date>))
  }
  static override now() {
    return RealDate.now() + offsetMs
  }
}
globalThis.Date = ShiftedDate as DateConstructor

const { betterAuth } = await import('better-auth')
const { memoryAdapter } = await import('better-auth/adapters/memory')
const { toNodeHandler } = await import('better-auth/node')
const { jwt } = await import('better-auth/plugins')
const { createRemoteJWKSet, jwtVerify } = await import('jose')

const jwtTtlS = Number(process.argv[2] ?? 60)
const user = JSON.parse(process.argv[3] ?? '{}')
const counts = { tokenCalls: 0, api: 0, bearers: [] as string[] }
let handle: ReturnType<typeof toNodeHandler> = async () => {}
let verify: (token: string) => Promise<unknown> = async () => undefined

const server = createServer(async (req, res) => {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  if (req.url === '/__clock' && req.method === 'POST') {
    let body = ''
    for await (const chunk of req) body += chunk
    offsetMs += Number(JSON.parse(body).ms)
    return reply(200, { offsetMs })
  }
  if (req.url === '/__counts') return reply(200, counts)
  if (req.url === '/api/auth/token') counts.tokenCalls++
  if (req.url !== '/api/me') return handle(req, res)
  // The app's API: it takes only better-auth's JWT, checked against the JWKS.
  counts.api++
  const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
  counts.bearers.push(bearer)
  const claims = await verify(bearer).catch(() => undefined)
  reply(claims ? 200 : 401, claims ?? { error: 'invalid_token' })
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const auth = betterAuth({
  baseURL: url,
  secret: 'a better-auth secret for the tests, 32+ characters',
  database: memoryAdapter({ user: [], session: [], account: [], verification: [], jwks: [] }),
  emailAndPassword: { enabled: true },
  plugins: [jwt({ jwt: { expirationTime: `${jwtTtlS}s` } })],
  telemetry: { enabled: false },
})
handle = toNodeHandler(auth)
const jwks = createRemoteJWKSet(new URL(`${url}/api/auth/jwks`))
verify = (token) => jwtVerify(token, jwks).then(({ payload }) => payload)
await auth.api.signUpEmail({ body: user })

process.stdout.write(`${JSON.stringify({ url })}\n`)
process.stdin.resume().on('end', () => process.exit(0))

import { base64url, SignJWT } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from './helpers/client'
import type { Clock } from './helpers/clock'
import { createClock } from './helpers/clock'
import type { Transport } from './helpers/transports'
import { nodeTransport } from './helpers/transports'

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long'
const key = new TextEncoder().encode(SECRET)

function decode(token: string) {
  const [header = '', payload = ''] = token.split('.')
  const json = (part: string) =>
    JSON.parse(new TextDecoder().decode(base64url.decode(part))) as Record<string, unknown>
  return { header: json(header), payload: json(payload) }
}

const encode = (value: unknown) => base64url.encode(JSON.stringify(value))

describe('tokens', () => {
  let transport: Transport
  let clock: Clock
  beforeEach(async () => {
    clock = createClock()
    transport = await nodeTransport({ secret: SECRET, now: clock.now })
  })
  afterEach(() => transport.close())

  async function signedIn() {
    const client = createClient(transport)
    const { body } = await client.login()
    return { client, at: body.data.token, rt: client.rt() ?? '' }
  }

  const expectInvalid = (res: { status: number; headers: Headers }) => {
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
  }

  it('issues HS256 JWTs with the DESIGN.md claims and typ', async () => {
    const { at, rt } = await signedIn()
    expect(decode(at).header).toEqual({ alg: 'HS256', typ: 'at+jwt' })
    // The family (`fam`) and the token's number in it (`seq`) make revocation by family possible.
    expect(Object.keys(decode(at).payload).sort()).toEqual([
      'dev',
      'exp',
      'fam',
      'iat',
      'jti',
      'seq',
      'sub',
    ])
    expect(decode(rt).header).toEqual({ alg: 'HS256', typ: 'rt+jwt' })
    expect(Object.keys(decode(rt).payload).sort()).toEqual([
      'dev',
      'exp',
      'fam',
      'iat',
      'jti',
      'sub',
    ])
  })

  it('never accepts an access token as refresh token, nor a refresh token as access token', async () => {
    const { client, at, rt } = await signedIn()
    expectInvalid(await client.refresh({ headers: { Cookie: `rt=${at}` } }))
    expectInvalid(await client.employees(rt))
  })

  it('rejects alg "none", a wrong key, another HMAC algorithm and tampering', async () => {
    const { client, at } = await signedIn()
    const { payload } = decode(at)
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(payload)}.`
    expectInvalid(await client.employees(unsigned))
    const wrongKey = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .sign(new TextEncoder().encode('x'.repeat(32)))
    expectInvalid(await client.employees(wrongKey))
    const hs512 = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS512', typ: 'at+jwt' })
      .sign(key)
    expectInvalid(await client.employees(hs512))
    const [header, , signature] = at.split('.')
    const tampered = `${header}.${encode({ ...payload, sub: 'alice' })}.${signature}`
    expectInvalid(await client.employees(tampered))
    // The genuine token still works.
    expect((await client.employees(at)).status).toBe(200)
  })

  it('requires typ, exp, jti and sub even on correctly signed tokens', async () => {
    const { client, at } = await signedIn()
    const { payload } = decode(at)
    const sign = (claims: Record<string, unknown>, typ?: string) =>
      new SignJWT(claims)
        .setProtectedHeader(typ ? { alg: 'HS256', typ } : { alg: 'HS256' })
        .sign(key)
    expectInvalid(await client.employees(await sign(payload)))
    expectInvalid(await client.employees(await sign(payload, 'JWT')))
    for (const claim of ['exp', 'jti', 'sub']) {
      const { [claim]: _dropped, ...rest } = payload
      expectInvalid(await client.employees(await sign(rest, 'at+jwt')))
    }
    // The same claims, correctly typed, pass: the checks above failed for the reason tested.
    expect((await client.employees(await sign(payload, 'at+jwt'))).status).toBe(200)
  })

  it('tolerates a small clock skew, then calls the token expired', async () => {
    const { client, at } = await signedIn()
    const exp = Number(decode(at).payload.exp) * 1000
    clock.advance(exp - clock.now() + 500) // past exp, within the 1 s tolerance
    expect((await client.employees(at)).status).toBe(200)
    clock.advance(1_000)
    const res = await client.employees(at)
    expectInvalid(res)
    expect(res.headers.get('www-authenticate')).toContain(
      'error_description="The access token expired"',
    )
  })

  it('rejects an expired, a forged and a garbage refresh cookie, clearing it each time', async () => {
    const { client, rt } = await signedIn()
    const { payload } = decode(rt)
    const forged = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'rt+jwt' })
      .sign(new TextEncoder().encode('y'.repeat(32)))
    for (const cookie of [`rt=${forged}`, 'rt=%%%garbage', `rt=${rt.slice(0, -2)}`]) {
      const res = await client.refresh({ headers: { Cookie: cookie } })
      expectInvalid(res)
      expect(res.setCookies[0]).toMatch(/^rt=; Max-Age=0; Path=\/api\/auth/)
    }
    clock.advance(31 * 24 * 60 * 60 * 1000)
    expectInvalid(await client.refresh({ headers: { Cookie: `rt=${rt}` } }))
  })
})

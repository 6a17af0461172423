import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from './helpers/client'
import type { Transport } from './helpers/transports'
import { transports } from './helpers/transports'

describe.each(transports)('concurrent refreshes over %s', (_name, start) => {
  let transport: Transport
  beforeEach(async () => {
    transport = await start()
  })
  afterEach(() => transport.close())

  it('lets 50 concurrent refreshes with one refresh token all succeed and converge on one token', async () => {
    const client = createClient(transport)
    await client.login()
    const cookie = `rt=${client.rt()}`
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => client.refresh({ headers: { Cookie: cookie } })),
    )
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200))
    const issued = new Set(answers.map((answer) => answer.setCookies[0]?.split(';')[0]))
    expect(issued.size).toBe(1)
    expect([...issued][0]).not.toBe(cookie)
    // Each caller still gets its own working access token.
    const tokens = new Set(answers.map((answer) => answer.body.data.token))
    expect(tokens.size).toBe(50)
    expect(await transport.backend.stats()).toMatchObject({
      rotations: 1,
      graceReuses: 49,
      reuseDetected: 0,
    })
    // The converged token is the current one.
    expect((await client.refresh({ headers: { Cookie: [...issued][0] ?? '' } })).status).toBe(200)
  })
})

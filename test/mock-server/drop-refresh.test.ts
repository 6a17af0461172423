import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from './helpers/client'
import type { Transport } from './helpers/transports'
import { transports } from './helpers/transports'

describe.each(transports)('dropRefresh over %s', (_name, start) => {
  let transport: Transport
  beforeEach(async () => {
    transport = await start()
  })
  afterEach(() => transport.close())

  it('rotates, then loses the answer; the retry with the old cookie converges in the grace window', async () => {
    const client = createClient(transport)
    await client.login()
    const before = client.rt()
    await client.call('POST', '/__mock/config', { json: { dropRefresh: 1 } })

    await expect(client.refresh()).rejects.toThrow() // no answer: the connection closed
    expect(client.rt()).toBe(before) // the new cookie never arrived
    expect((await transport.backend.config()).dropRefresh).toBe(0)

    const retry = await client.refresh()
    expect(retry.status).toBe(200)
    expect(await transport.backend.stats()).toMatchObject({
      rotations: 1,
      graceReuses: 1,
      reuseDetected: 0,
    })
  })

  it('rejects a bad dropRefresh with a 400 naming it', async () => {
    const bad = await createClient(transport).call('POST', '/__mock/config', {
      json: { dropRefresh: -1 },
    })
    expect(bad.body).toMatchObject({ code: 400, message: expect.stringContaining('dropRefresh') })
  })
})

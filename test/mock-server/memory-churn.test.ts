import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { heldKeys } from '../../mock-server/protocol/memory-store'
import { createClient } from './helpers/client'
import { type Clock, createClock } from './helpers/clock'
import { nodeTransport, type Transport } from './helpers/transports'

// Finding 3 of issue #14: the memory store dropped an expired key only when it was read again,
// so a long-running server held every deny-list entry and record it ever wrote.
describe('memory under churn (real HTTP)', () => {
  let transport: Transport
  let clock: Clock
  beforeEach(async () => {
    clock = createClock()
    transport = await nodeTransport({ now: clock.now, accessTtlMs: 3_000, refreshTtlMs: 5_000 })
  })
  afterEach(() => transport.close())

  /** `pairs` devices each log in, rotate once, and half of them log out; the rest walk away. */
  async function churn(pairs: number, tag: string) {
    for (let i = 0; i < pairs; i++) {
      const client = createClient(transport, { userAgent: `churn-${tag}-${i}` })
      await client.login()
      const token = (await client.refresh()).body.data.token
      if (i % 2 === 0) await client.logout(token)
    }
  }

  it('holds only live keys once the churn is over: expired records and deny-list entries go', async () => {
    const { store } = transport.backend
    await churn(300, 'a')
    const atPeak = heldKeys(store)
    expect(atPeak).toBeGreaterThanOrEqual(300) // 150 records and 150 revoked families

    clock.advance(8_000) // every token and record of that churn has expired
    await churn(60, 'b') // ordinary traffic afterwards writes, and writes sweep
    const held = heldKeys(store) // before keys(), which reads (and so drops) every expired key
    const live = (await store.keys('')).length
    expect(live).toBeGreaterThan(0)
    // The 150 writes since swept away every key of the first churn: only live ones are held.
    expect(held).toBe(live)
  })
})

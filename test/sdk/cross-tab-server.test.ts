// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { useSdk } from './helpers/setup'
import { advance, until } from './helpers/time'

describe('cross-tab outside a browser', () => {
  const t = useSdk()

  it('stays off in Node even when asked for: SDKs of different users in one process share nothing', async () => {
    expect(typeof BroadcastChannel).toBe('function') // Node has one; the SDK must not use it here
    const alice = t.client({ crossTab: true })
    const bob = t.client({ crossTab: true })

    await until(alice.auth.refresh())
    await advance(20)

    expect(alice.auth.getAccessToken()).toBe('at-1')
    expect(bob.auth.getAccessToken()).toBeNull()
    expect(t.backend.state.refreshes).toBe(1)
  })
})

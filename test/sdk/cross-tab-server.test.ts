// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { useBackend } from './helpers/setup'

const { backend, client } = useBackend()

describe('cross-tab outside a browser', () => {
  it('stays off in Node even when asked for: SDKs of different users in one process share nothing', async () => {
    expect(typeof BroadcastChannel).toBe('function') // Node has one; the SDK must not use it here
    const alice = client({ crossTab: true })
    const bob = client({ crossTab: true })

    await alice.auth.refresh()
    await new Promise((resolve) => setTimeout(resolve, 20))

    expect(alice.auth.getAccessToken()).toBe('at-1')
    expect(bob.auth.getAccessToken()).toBeNull()
    expect(backend.state.refreshes).toBe(1)
  })
})

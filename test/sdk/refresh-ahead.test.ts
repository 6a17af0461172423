// @vitest-environment happy-dom
// Wake events (visibilitychange, online, focus) need a window, so this file always runs in happy-dom.
import { describe, expect, it, vi } from 'vitest'
import { flavours } from './helpers/flavours'
import { useSdk } from './helpers/setup'
import { advance, until } from './helpers/time'

describe.each(flavours)('refresh ahead of expiry ($name)', (flavour) => {
  const t = useSdk({}, flavour)

  it('a timer refreshes before the token expires, so requests never wait or fail', async () => {
    t.backend.options.expiresIn = 60_000
    const { request, auth } = t.client({ refreshAheadMs: 59_850 }) // at most half the life: ~30 s ahead
    auth.setSession({ accessToken: 'first', expiresIn: 1200 }) // refresh planned at 600 ms

    await advance(599)
    expect(t.backend.state.refreshes).toBe(0)
    await advance(20)
    expect(auth.getAccessToken()).toBe('at-1')
    expect(t.backend.state.refreshes).toBe(1)

    const reply = await until(request('/api/data/x'))
    expect(reply.data.sent).toBe('Bearer at-1')
    expect(t.backend.state.refreshes).toBe(1) // the new token lives a minute: nothing planned soon
  })

  it.each([
    // Browsers fire it at the document with bubbles: true (WPT asserts it), so it reaches the window.
    [
      'visibilitychange',
      () => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })),
    ],
    ['online', () => window.dispatchEvent(new Event('online'))],
    ['focus', () => window.dispatchEvent(new Event('focus'))],
  ])('%s re-checks at once (timers sleep in background tabs)', async (_, wake) => {
    const { auth } = t.client({ refreshAheadMs: 10_000 })
    auth.setSession({ accessToken: 'first', expiresIn: 60_000 })
    // The page slept: the clock moved past the refresh point but the timer never fired.
    vi.setSystemTime(Date.now() + 55_000)
    await advance(0)
    expect(t.backend.state.refreshes).toBe(0)

    wake()
    await advance(20)

    expect(auth.getAccessToken()).toBe('at-1')
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('dispose() leaves no timer and no listener behind', () => {
    const added: string[] = []
    const removed: string[] = []
    for (const target of [window, document]) {
      vi.spyOn(target, 'addEventListener').mockImplementation((name) => void added.push(name))
      vi.spyOn(target, 'removeEventListener').mockImplementation((name) => void removed.push(name))
    }
    try {
      const { auth } = t.client({ refreshAheadMs: 10_000 })
      auth.setSession({ accessToken: 'first', expiresIn: 60_000 })
      expect(vi.getTimerCount()).toBe(1)
      expect(added.sort()).toEqual(['focus', 'online', 'visibilitychange'])

      auth.dispose()

      expect(vi.getTimerCount()).toBe(0)
      expect(removed.sort()).toEqual(added)
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('refreshAheadMs: false plans no timer and listens to nothing', () => {
    const added = vi.spyOn(window, 'addEventListener')
    try {
      const { auth } = t.client({ refreshAheadMs: false })
      auth.setSession({ accessToken: 'first', expiresIn: 60_000 })
      expect(vi.getTimerCount()).toBe(0)
      expect(added).not.toHaveBeenCalled()
    } finally {
      vi.restoreAllMocks()
    }
  })
})

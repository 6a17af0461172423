import { describe, expect, it } from 'vitest'
import { flavours } from './helpers/flavours'
import { useSdk } from './helpers/setup'
import { advance, settleAll, until } from './helpers/time'

describe.each(flavours)('aborting queued requests ($name)', (flavour) => {
  const t = useSdk({ refreshLatencyMs: 100 }, flavour)

  it('a request waiting for the refresh rejects at once when aborted; the others are unaffected', async () => {
    const { request, auth } = t.client()
    auth.setSession({ accessToken: 'old', expiresAt: Date.now() - 1 })
    const controller = new AbortController()
    const order: string[] = []
    auth.on('refreshed', () => order.push('refreshed'))

    const requests = [
      request('/api/data/a'),
      request('/api/data/aborted', { signal: controller.signal }).finally(() =>
        order.push('aborted'),
      ),
      request('/api/data/b'),
    ]
    await advance(10)
    controller.abort()
    const results = await until(Promise.allSettled(requests))

    expect(results[0]).toMatchObject({ status: 'fulfilled' })
    expect(results[2]).toMatchObject({ status: 'fulfilled' })
    expect(results[1]).toMatchObject({ status: 'rejected' })
    expect(flavour.isAbort((results[1] as PromiseRejectedResult).reason)).toBe(true)
    expect(order).toEqual(['aborted', 'refreshed']) // it did not wait for the refresh
    expect(t.backend.state.apiCalls).toBe(2)
  })

  it('a request waiting after its 401 rejects when aborted; every request settles once', async () => {
    const { request, auth } = t.client()
    auth.setSession({ accessToken: 'stale' })
    const controllers = Array.from({ length: 10 }, () => new AbortController())
    let settlements = 0
    let canceledBeforeRefresh = 0
    let refreshed = false
    auth.on('refreshed', () => {
      refreshed = true
    })

    const requests = controllers.map((controller, i) =>
      request(`/api/data/${i}`, { signal: controller.signal })
        .catch((error: unknown) => {
          if (!refreshed) canceledBeforeRefresh++
          throw error
        })
        .finally(() => settlements++),
    )
    await advance(30) // the refresh is in flight: abort the odd ones
    for (const [i, controller] of controllers.entries()) if (i % 2) controller.abort()
    const { fulfilled, rejected } = await settleAll(requests)

    expect(fulfilled).toHaveLength(5)
    expect(rejected.map((error) => flavour.isAbort(error))).toEqual(Array(5).fill(true))
    expect(canceledBeforeRefresh).toBe(5) // at once, not when the refresh lands
    expect(settlements).toBe(10)
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('an already aborted signal rejects without waiting', async () => {
    const { request, auth } = t.client()
    auth.setSession({ accessToken: 'old', expiresAt: Date.now() - 1 })
    const order: string[] = []
    auth.on('refreshed', () => order.push('refreshed'))

    const { rejected } = await settleAll([
      request('/api/data/a', { signal: AbortSignal.abort() }).finally(() => order.push('aborted')),
    ])
    await until(auth.refresh()) // the refresh it set off still lands, for the other requests

    expect(flavour.isAbort(rejected[0])).toBe(true)
    expect(order).toEqual(['aborted', 'refreshed'])
    expect(t.backend.state.apiCalls).toBe(0)
  })
})

import { CanceledError } from 'axios'
import { describe, expect, it } from 'vitest'
import { settleAll, useBackend } from './helpers/setup'

const { backend, client } = useBackend({ refreshLatencyMs: 100 })

describe('aborting queued requests', () => {
  it('a request waiting for the refresh rejects at once with CanceledError; the others are unaffected', async () => {
    const { api, auth } = client()
    auth.setSession({ accessToken: 'old', expiresAt: Date.now() - 1 })
    const controller = new AbortController()
    const order: string[] = []
    auth.on('refreshed', () => order.push('refreshed'))

    const requests = [
      api.get('/api/data/a'),
      api
        .get('/api/data/aborted', { signal: controller.signal })
        .finally(() => order.push('aborted')),
      api.get('/api/data/b'),
    ]
    setTimeout(() => controller.abort(), 10)
    const results = await Promise.allSettled(requests)

    expect(results[0]).toMatchObject({ status: 'fulfilled' })
    expect(results[2]).toMatchObject({ status: 'fulfilled' })
    expect(results[1]).toMatchObject({ status: 'rejected' })
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(CanceledError)
    // It did not wait for the refresh to finish.
    expect(order).toEqual(['aborted', 'refreshed'])
    expect(backend.state.apiCalls).toBe(2)
  })

  it('a request waiting after its 401 rejects with CanceledError when aborted; every request settles once', async () => {
    const { api, auth } = client()
    auth.setSession({ accessToken: 'stale' })
    const controllers = Array.from({ length: 10 }, () => new AbortController())
    let settlements = 0
    let canceledBeforeRefresh = 0
    let refreshed = false
    auth.on('refreshed', () => {
      refreshed = true
    })

    const requests = controllers.map((controller, i) =>
      api
        .get(`/api/data/${i}`, { signal: controller.signal })
        .catch((error: unknown) => {
          if (!refreshed) canceledBeforeRefresh++
          throw error
        })
        .finally(() => settlements++),
    )
    // Abort the odd ones while the refresh is in flight.
    setTimeout(() => {
      for (const [i, controller] of controllers.entries()) if (i % 2) controller.abort()
    }, 30)
    const { fulfilled, rejected } = await settleAll(requests)

    expect(fulfilled).toHaveLength(5)
    expect(rejected).toHaveLength(5)
    for (const error of rejected) expect(error).toBeInstanceOf(CanceledError)
    expect(canceledBeforeRefresh).toBe(5) // at once, not when the refresh lands
    expect(settlements).toBe(10)
    expect(backend.state.refreshes).toBe(1)
  })

  it('an already aborted signal rejects without waiting', async () => {
    const { api, auth } = client()
    auth.setSession({ accessToken: 'old', expiresAt: Date.now() - 1 })
    const order: string[] = []
    auth.on('refreshed', () => order.push('refreshed'))

    const { rejected } = await settleAll([
      api.get('/api/data/a', { signal: AbortSignal.abort() }).finally(() => order.push('aborted')),
    ])
    await auth.refresh() // the refresh it set off still lands, for the other requests

    expect(rejected[0]).toBeInstanceOf(CanceledError)
    // axios would also cancel it at dispatch, but only after the refresh: it must not wait.
    expect(order).toEqual(['aborted', 'refreshed'])
    expect(backend.state.apiCalls).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../mock-server/public'
import { createClock } from './helpers/clock'

// The contract every store keeps is in store-contract.test.ts; here, what only memory does.
describe('memory store', () => {
  it('expires keys after their TTL by the injected clock', async () => {
    const clock = createClock()
    const store = createMemoryStore({ now: clock.now })
    await store.set('auth:bl:a', true, 1_000)
    await store.set('auth:bl:b', true, 0)
    expect(await store.get('auth:bl:a')).toBe(true)
    expect(await store.get('auth:bl:b')).toBeUndefined()
    clock.advance(999)
    expect(await store.keys('auth:bl:')).toEqual(['auth:bl:a'])
    clock.advance(1)
    expect(await store.get('auth:bl:a')).toBeUndefined()
    expect(await store.keys('auth:')).toEqual([])
  })

  it('copies values in and out', async () => {
    const store = createMemoryStore()
    const value = { list: [1] }
    await store.set('k', value, 1_000)
    value.list.push(2)
    const read = await store.get<{ list: number[] }>('k')
    read?.list.push(3)
    expect(await store.get('k')).toEqual({ list: [1] })
  })
})

describe('memory store copies', () => {
  it('copies nested plain data deeply, and other values as structuredClone does', async () => {
    const store = createMemoryStore()
    const when = new Date(0)
    const value = { list: [{ jti: 'a', exp: 1 }], nested: { when, tags: new Map([['k', 1]]) } }
    await store.set('k', value, 1_000)
    const read = await store.get<typeof value>('k')
    expect(read).toEqual(value)
    expect(read?.list[0]).not.toBe(value.list[0])
    expect(read?.nested.when).toBeInstanceOf(Date)
    expect(read?.nested.when).not.toBe(when)
    expect(read?.nested.tags).toBeInstanceOf(Map)
    await expect(store.set('f', { run: () => 1 }, 1_000)).rejects.toThrow()
  })
})

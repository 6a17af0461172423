import { describe, expect, it } from 'vitest'
import type { StoreUpdate } from '../../mock-server/public'
import { createMemoryStore } from '../../mock-server/public'
import { createClock } from './helpers/clock'

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

  it('runs update() atomically per key, even when the callback awaits', async () => {
    const store = createMemoryStore()
    await store.set('counter', 0, 60_000)
    const bump = () =>
      store.update<number, number>('counter', async (current = 0) => {
        await new Promise((resolve) => setTimeout(resolve, 0)) // yield mid-update
        return { result: current + 1, write: { value: current + 1, ttlMs: 60_000 } }
      })
    const results = await Promise.all(Array.from({ length: 50 }, bump))
    expect(new Set(results).size).toBe(50)
    expect(await store.get('counter')).toBe(50)
  })

  it('does not serialise different keys behind each other', async () => {
    const store = createMemoryStore()
    let release = () => {}
    const blocked = store.update<never, string>(
      'a',
      () =>
        new Promise<StoreUpdate<never, string>>((resolve) => {
          release = () => resolve({ result: 'a' })
        }),
    )
    expect(await store.update('b', () => ({ result: 'b' }))).toBe('b')
    release()
    expect(await blocked).toBe('a')
  })

  it('update() can delete, keep, and releases the key after a throwing callback', async () => {
    const store = createMemoryStore()
    await store.set('k', 1, 60_000)
    await store.update('k', () => ({ result: null }))
    expect(await store.get('k')).toBe(1)
    await expect(store.update('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await store.update('k', () => ({ result: null, write: 'delete' }))
    expect(await store.get('k')).toBeUndefined()
    await store.set('x', 1, 1_000)
    await store.clear()
    expect(await store.keys('')).toEqual([])
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

import { createClient as createRedisClient } from 'redis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createRedisStore } from '../../mock-server/adapters/redis-store'
import { createMemoryStore } from '../../mock-server/protocol/memory-store'
import type { MockStore, StoreUpdate } from '../../mock-server/protocol/store'
import { type RedisServer, startRedisServer } from './helpers/redis-server'

// What the backend relies on from any MockStore, held against both stores we ship. The Redis
// store runs against a real redis-server; "two stores" there means two clients, as two
// instances would have.

let redis: RedisServer
let prefixes = 0
const closers: Array<() => Promise<void>> = []
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
  await redis.close()
})

/** Two handles on one store: the same object for memory, two connections for Redis. */
const kinds: ReadonlyArray<[string, () => Promise<[MockStore, MockStore]>]> = [
  [
    'memory',
    async () => {
      const store = createMemoryStore()
      return [store, store]
    },
  ],
  [
    'redis',
    async () => {
      const prefix = `contract-${++prefixes}:`
      const a = await createRedisStore({ url: redis.url, prefix })
      const b = await createRedisStore({ url: redis.url, prefix })
      closers.push(a.close, b.close)
      return [a, b]
    },
  ],
]

describe.each(kinds)('%s store', (_kind, open) => {
  let store: MockStore
  let other: MockStore
  beforeEach(async () => {
    ;[store, other] = await open()
  })

  it('reads back what it stored, and a TTL of 0 deletes', async () => {
    await store.set('k', { list: [1, { deep: 'x' }] }, 60_000)
    expect(await other.get('k')).toEqual({ list: [1, { deep: 'x' }] })
    await store.set('k', 1, 0)
    expect(await other.get('k')).toBeUndefined()
  })

  it('runs update() atomically per key, across handles, even when the callback awaits', async () => {
    await store.set('counter', 0, 60_000)
    const bump = (handle: MockStore) =>
      handle.update<number, number>('counter', async (current = 0) => {
        await new Promise(setImmediate) // yield to the event loop mid-update: no timer, no wait
        return { result: current + 1, write: { value: current + 1, ttlMs: 60_000 } }
      })
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => bump(i % 2 ? store : other)),
    )
    expect(new Set(results).size).toBe(50)
    expect(await store.get('counter')).toBe(50)
  })

  it('does not serialise different keys behind each other', async () => {
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
    await store.set('k', 1, 60_000)
    await store.update('k', () => ({ result: null }))
    expect(await store.get('k')).toBe(1)
    await expect(store.update('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await store.update('k', () => ({ result: null, write: 'delete' }))
    expect(await other.get('k')).toBeUndefined()
  })

  it('lists live keys by prefix, counts per field, and clears all of it', async () => {
    await store.set('rt:1:a', 1, 60_000)
    await store.set('rt:1:b', 1, 60_000)
    await store.set('rt:2:a', 1, 60_000)
    await store.set('bl:x*', 1, 60_000) // glob characters are literal in prefixes
    expect((await other.keys('rt:1:')).sort()).toEqual(['rt:1:a', 'rt:1:b'])
    expect(await other.keys('bl:x*')).toEqual(['bl:x*'])
    await Promise.all([store.add('c', 'n', 1), other.add('c', 'n', 2), store.add('c', 'm', 5)])
    expect(await other.counts('c')).toEqual({ n: 3, m: 5 })
    await store.clear()
    expect(await other.keys('')).toEqual([])
    expect(await other.counts('c')).toEqual({})
  })
})

describe('redis store', () => {
  it('keeps native TTLs, under its prefix', async () => {
    const store = await createRedisStore({ url: redis.url, prefix: 'ttl:' })
    closers.push(store.close)
    const raw = createRedisClient({ url: redis.url })
    await raw.connect()
    await store.set('rt:u:d', { a: 1 }, 30_000)
    await store.update('bl:f', () => ({ result: null, write: { value: 3, ttlMs: 10_000 } }))
    const ttl = (key: string) => raw.sendCommand<number>(['PTTL', key])
    expect(await ttl('ttl:rt:u:d')).toBeGreaterThan(25_000)
    expect(await ttl('ttl:rt:u:d')).toBeLessThanOrEqual(30_000)
    expect(await ttl('ttl:bl:f')).toBeLessThanOrEqual(10_000)
    expect(await raw.get('ttl:bl:f')).toBe('3')
    raw.destroy()
  })

  it('clears its own prefix only, never the rest of the database', async () => {
    const mine = await createRedisStore({ url: redis.url, prefix: 'mine:' })
    const theirs = await createRedisStore({ url: redis.url, prefix: 'theirs:' })
    closers.push(mine.close, theirs.close)
    await mine.set('k', 1, 60_000)
    await theirs.set('k', 2, 60_000)
    await mine.clear()
    expect(await mine.get('k')).toBeUndefined()
    expect(await theirs.get('k')).toBe(2)
  })

  it('takes an existing client, and leaves it open on close()', async () => {
    const client = createRedisClient({ url: redis.url })
    await client.connect()
    const store = await createRedisStore({ client, prefix: 'given:' })
    await store.set('k', 'v', 60_000)
    await store.close()
    expect(await client.get('given:k')).toBe('"v"')
    client.destroy()
  })

  it('says clearly when it cannot reach Redis, or was given neither url nor client', async () => {
    const { port } = redis
    await expect(
      createRedisStore({ url: `redis://127.0.0.1:${port + 1}`, connectTimeoutMs: 1_000 }),
    ).rejects.toThrow(/Redis/)
    await expect(createRedisStore({})).rejects.toThrow(/either \{ url \} or \{ client \}/)
  })
})

import { createKeyedLock } from './keyed-lock.js'
import type { MockStore, StoreUpdate } from './store.js'

export interface MemoryStoreOptions {
  /** Clock for TTLs; the backend passes its own so tests can move time. @default Date.now */
  now?: () => number
}

interface Entry {
  value: unknown
  expiresAt: number
}

/** How many writes between sweeps for expired keys. */
const SWEEP_EVERY = 100

/**
 * The default in-memory `MockStore`, for one process. Values are copied on the way in and out,
 * as a networked store would, so a caller mutating what it read cannot change what is stored.
 * Expired keys are swept every 100 writes, so memory follows live sessions, not past ones,
 * however long the process serves.
 *
 * @example
 * const store = createMemoryStore()
 * await store.set('greeting', 'hi', 1000)
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MockStore {
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()
  const counters = new Map<string, Record<string, number>>()
  let writes = 0

  const read = (key: string): unknown => {
    const entry = entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= now()) {
      entries.delete(key)
      return undefined
    }
    return copyValue(entry.value)
  }
  const write = (key: string, value: unknown, ttlMs: number) => {
    if (ttlMs > 0) entries.set(key, { value: copyValue(value), expiresAt: now() + ttlMs })
    else entries.delete(key)
    if (++writes % SWEEP_EVERY === 0) {
      const time = now()
      for (const [key, entry] of entries) if (entry.expiresAt <= time) entries.delete(key)
    }
  }

  const withLock = createKeyedLock()

  const store: MockStore = {
    get: async <T>(key: string) => read(key) as T | undefined,
    set: async (key, value, ttlMs) => write(key, value, ttlMs),
    delete: async (key) => {
      entries.delete(key)
    },
    update: <T, R>(
      key: string,
      fn: (current: T | undefined) => StoreUpdate<T, R> | Promise<StoreUpdate<T, R>>,
    ) =>
      withLock(key, async () => {
        const change = await fn(read(key) as T | undefined)
        if (change.write === 'delete') entries.delete(key)
        else if (change.write) write(key, change.write.value, change.write.ttlMs)
        return change.result
      }),
    keys: async (prefix) =>
      [...entries.keys()].filter((key) => key.startsWith(prefix) && read(key) !== undefined),
    add: async (key, field, by) => {
      const counts = counters.get(key) ?? {}
      counts[field] = (counts[field] ?? 0) + by
      counters.set(key, counts)
    },
    counts: async (key) => ({ ...counters.get(key) }),
    clear: async () => {
      entries.clear()
      counters.clear()
    },
  }
  held.set(store, () => entries.size)
  return store
}

const held = new WeakMap<MockStore, () => number>()

/** How many keys a memory store holds, expired ones not yet swept included (tests of memory use). */
export const heldKeys = (store: MockStore): number => held.get(store)?.() ?? Number.NaN

/**
 * A deep copy, as `structuredClone` makes, but fast for the plain objects and arrays a store
 * holds (`structuredClone` cost about 8× as much). Anything else (a Date, a Map, a function)
 * still goes through `structuredClone`, so it is copied or refused exactly as before.
 */
export function copyValue<T>(value: T): T {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' ? structuredClone(value) : value
  }
  if (Array.isArray(value)) {
    const copy = new Array(value.length)
    for (let i = 0; i < value.length; i++) copy[i] = copyValue(value[i])
    return copy as T
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return structuredClone(value)
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value))
    copy[key] = copyValue((value as Record<string, unknown>)[key])
  return copy as T
}

/**
 * What an `update()` callback decides: `write` stores a value with a TTL, `'delete'` removes
 * the key, `undefined` leaves it alone. `result` is handed back to the caller of `update()`.
 */
export interface StoreUpdate<T, R> {
  result: R
  write?: { value: T; ttlMs: number } | 'delete'
}

/**
 * The async key/value store the backend keeps its state in: refresh-token records
 * (`rt:{userId}:{device}`), revoked families (`bl:{family}`), and the development controls'
 * counters and runtime config (`mock:stats`, `mock:config`). Values are plain JSON data. A store
 * shared by several backend instances makes them one backend.
 *
 * @example
 * const backend = createMockBackend({ store: createMemoryStore() })
 */
export interface MockStore {
  get<T>(key: string): Promise<T | undefined>
  /** Stores `value` for `ttlMs` milliseconds; a TTL of 0 or less deletes the key. */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Atomic read-modify-write of one key: no other `update()` of the same key, in any process
   * sharing the store, changes it between the read and the write. Rotation, login, logout and
   * revocation rely on this. A store built on optimistic concurrency may call `fn` more than
   * once, so `fn` must have no side effects.
   */
  update<T, R>(
    key: string,
    fn: (current: T | undefined) => StoreUpdate<T, R> | Promise<StoreUpdate<T, R>>,
  ): Promise<R>
  /** Live keys starting with `prefix` (for the session list and the dev controls). */
  keys(prefix: string): Promise<string[]>
  /** Adds `by` to the counter `field` of `key` (a new counter starts at 0). */
  add(key: string, field: string, by: number): Promise<void>
  /** Every counter of `key`. */
  counts(key: string): Promise<Record<string, number>>
  /** Deletes this store's keys, and only these: never a whole shared database. */
  clear(): Promise<void>
}

/**
 * The store cannot answer (it is down, unreachable, or slower than its time limit). The backend
 * answers 503 with `Retry-After`: a client should try again, not treat it as a server bug.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
}

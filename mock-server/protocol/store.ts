/**
 * What an `update()` callback decides: `write` stores a value with a TTL, `'delete'` removes
 * the key, `undefined` leaves it alone. `result` is handed back to the caller of `update()`.
 */
export interface StoreUpdate<T, R> {
  result: R
  write?: { value: T; ttlMs: number } | 'delete'
}

/**
 * The async key/value store the backend keeps its state in. Values are plain JSON data.
 * Keys follow DESIGN.md: `auth:rt:{userId}:{device}` (refresh-token records) and
 * `auth:bl:{jti}` (deny-listed access tokens), so a Redis implementation can share a database.
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
   * Atomic read-modify-write of one key: no other `update()` of the same key runs between the
   * read and the write. Rotation relies on this. A store built on optimistic transactions
   * (Redis WATCH/MULTI) may call `fn` more than once, so `fn` must have no side effects.
   */
  update<T, R>(
    key: string,
    fn: (current: T | undefined) => StoreUpdate<T, R> | Promise<StoreUpdate<T, R>>,
  ): Promise<R>
  /** Live keys starting with `prefix` (for the session list and the dev controls). */
  keys(prefix: string): Promise<string[]>
  clear(): Promise<void>
}

import { createKeyedLock } from '../protocol/keyed-lock.js'
import type { MockStore, StoreUpdate } from '../protocol/store.js'
import { StoreUnavailableError } from '../protocol/store.js'
import { connectOwnClient, type RedisClientLike, unavailable } from './redis-connection.js'

export type { RedisClientLike } from './redis-connection.js'

export interface RedisStoreOptions {
  /** A connection URL; the store creates, connects and (on `close()`) closes the client. */
  url?: string
  /** An existing node-redis client instead of `url` (connected if it is not); its owner closes it. */
  client?: RedisClientLike
  /**
   * Prefix of every key this store reads and writes; `clear()` deletes these keys only.
   * Two backends sharing one Redis need different prefixes.
   * @default 'auth:'
   */
  prefix?: string
  /** Longest wait for one command; past it the backend answers 503. @default 2_000 */
  commandTimeoutMs?: number
  /** Longest wait for the first connection of a store created from `url`. @default 5_000 */
  connectTimeoutMs?: number
}

/** A `MockStore` in Redis, shared by every backend instance that uses the same Redis and prefix. */
export interface RedisStore extends MockStore {
  /** Closes the client the store created from `url` (a given client is left to its owner). */
  close(): Promise<void>
}

/**
 * Compare-and-set: writes (or deletes, when the value is empty) only if the key still holds what
 * `update()` read ('' for a missing key; stored values are JSON, never empty).
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1])
else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`

/** An update that keeps losing to other instances gives up rather than spin. */
const MAX_ATTEMPTS = 100

/**
 * Creates a `MockStore` in Redis: several mock-server instances given the same Redis (and the
 * same secret) serve one backend. Resolves once connected; values are JSON with native TTLs.
 *
 * `update()` is optimistic: it reads the key, runs the callback in this process, and writes
 * with a compare-and-set Lua script, retrying when another instance wrote first. A script, not
 * `WATCH`/`MULTI`: `WATCH` belongs to a connection, so it would need a connection per update,
 * while the script works on the one shared connection and sends the write in one round trip.
 * Updates of one key are also queued within the process, so retries only happen between
 * instances. Failures (Redis down, a command past `commandTimeoutMs`) throw
 * `StoreUnavailableError` (the backend answers 503); the client reconnects on its own.
 *
 * @example
 * const store = await createRedisStore({ url: 'redis://127.0.0.1:6379' })
 * const server = await startMockServer({ store, secret: process.env.SILENT_REFRESH_SECRET })
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  const { prefix = 'auth:', commandTimeoutMs = 2_000, connectTimeoutMs = 5_000 } = options
  if (!options.client === !options.url) {
    throw new TypeError('createRedisStore: pass either { url } or { client }')
  }
  const owned = options.url ? connectOwnClient(options.url, connectTimeoutMs) : undefined
  const client: RedisClientLike = owned ? await owned.ready : (options.client as RedisClientLike)
  if (!owned && !client.isOpen) await client.connect()

  const send = async <T>(...args: string[]): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${commandTimeoutMs} ms`)),
        commandTimeoutMs,
      )
    })
    try {
      // node-redis's own `timeout` drops a command still queued (so it never runs late) but
      // stops counting once the command is written; a hung server is caught by our timer.
      const reply = client.sendCommand(args, { timeout: commandTimeoutMs })
      return (await Promise.race([reply, late])) as T
    } catch (error) {
      throw unavailable(error)
    } finally {
      clearTimeout(timer)
    }
  }
  const withLock = createKeyedLock()
  const scan = async (pattern: string) => {
    const found = new Set<string>()
    let cursor = '0'
    do {
      const [next, keys] = await send<[string, string[]]>(
        'SCAN',
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        '1000',
      )
      for (const key of keys) found.add(key)
      cursor = String(next)
    } while (cursor !== '0')
    return [...found]
  }

  return {
    async get<T>(key: string) {
      const raw = await send<string | null>('GET', prefix + key)
      return raw === null ? undefined : (JSON.parse(raw) as T)
    },
    async set(key, value, ttlMs) {
      if (ttlMs > 0) await send('SET', prefix + key, JSON.stringify(value), 'PX', px(ttlMs))
      else await send('DEL', prefix + key)
    },
    async delete(key) {
      await send('DEL', prefix + key)
    },
    update: <T, R>(
      key: string,
      fn: (current: T | undefined) => StoreUpdate<T, R> | Promise<StoreUpdate<T, R>>,
    ) =>
      withLock(key, async () => {
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          const raw = (await send<string | null>('GET', prefix + key)) ?? ''
          const change = await fn(raw === '' ? undefined : (JSON.parse(raw) as T))
          const { write } = change
          if (!write) return change.result
          const [value, ttl] =
            write === 'delete' || write.ttlMs <= 0
              ? ['', '0']
              : [JSON.stringify(write.value), px(write.ttlMs)]
          const done = await send<number>(
            'EVAL',
            COMPARE_AND_SET,
            '1',
            prefix + key,
            raw,
            value,
            ttl,
          )
          if (done === 1) return change.result
        }
        throw new StoreUnavailableError(
          `Redis key ${prefix + key} changed under ${MAX_ATTEMPTS} updates in a row`,
        )
      }),
    keys: async (keyPrefix) =>
      (await scan(`${escapeGlob(prefix + keyPrefix)}*`)).map((key) => key.slice(prefix.length)),
    async add(key, field, by) {
      await send('HINCRBY', prefix + key, field, String(by))
    },
    async counts(key) {
      const reply = await send<string[] | Record<string, string>>('HGETALL', prefix + key)
      const pairs = Array.isArray(reply)
        ? reply.flatMap((_, i) => (i % 2 === 0 ? [[reply[i], reply[i + 1]] as const] : []))
        : Object.entries(reply)
      return Object.fromEntries(pairs.map(([field, count]) => [field, Number(count)]))
    },
    async clear() {
      const keys = await scan(`${escapeGlob(prefix)}*`)
      for (let i = 0; i < keys.length; i += 500) await send('UNLINK', ...keys.slice(i, i + 500))
    },
    async close() {
      await owned?.close()
    },
  }
}

/** Redis wants a positive whole number of milliseconds. */
const px = (ttlMs: number) => String(Math.max(1, Math.ceil(ttlMs)))

const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&')

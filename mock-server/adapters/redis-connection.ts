import { createClient, ErrorReply } from 'redis'
import { StoreUnavailableError } from '../protocol/store.js'

/**
 * What the store needs of a node-redis client (v5 or v6). Structural, so a client created with
 * any modules, scripts or RESP version fits.
 */
export interface RedisClientLike {
  readonly isOpen: boolean
  connect(): Promise<unknown>
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>
}

/** Redis answers that mean "not now" rather than "wrong command". */
const TRANSIENT = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/

/** A failed command as the backend should see it: the store unavailable (503), or a bug (500). */
export function unavailable(error: unknown): unknown {
  if (error instanceof ErrorReply && !TRANSIENT.test(error.message)) return error // a bug: 500
  const reason = error instanceof Error ? error.message : String(error)
  return new StoreUnavailableError(`Redis is unavailable: ${reason}`, { cause: error })
}

/**
 * The client a store creates from a URL: connected within `connectTimeoutMs` or a clear error,
 * reconnecting on its own after that; `close()` closes it.
 */
export function connectOwnClient(url: string, connectTimeoutMs: number) {
  let connectedOnce = false
  const client = createClient({
    url,
    // While reconnecting, commands fail at once (503) instead of queueing behind the outage;
    // a server that hangs cannot pile up more than this many commands.
    disableOfflineQueue: true,
    commandsQueueMaxLength: 10_000,
    socket: {
      connectTimeout: connectTimeoutMs,
      // A first connection that fails ends at once, with its cause: Redis is not there at all.
      // Once connected, a lost connection is retried for as long as it takes.
      reconnectStrategy: (retries: number, cause: Error) =>
        connectedOnce ? Math.min(50 * 2 ** retries, 1_000) : cause,
    },
  })
  // Without a listener an 'error' event would crash the process; outages surface as 503s.
  client.on('error', () => {})
  const ready = new Promise<RedisClientLike>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.destroy()
      reject(
        new StoreUnavailableError(
          `createRedisStore: cannot reach Redis at ${redactUrl(url)} within ${connectTimeoutMs} ms; is redis-server running?`,
        ),
      )
    }, connectTimeoutMs)
    client.connect().then(
      () => {
        connectedOnce = true
        clearTimeout(timer)
        resolve(client as unknown as RedisClientLike)
      },
      (error: unknown) => {
        clearTimeout(timer)
        const reason = error instanceof Error ? error.message : String(error)
        reject(
          new StoreUnavailableError(
            `createRedisStore: cannot reach Redis at ${redactUrl(url)}: ${reason}; is redis-server running?`,
            { cause: error },
          ),
        )
      },
    )
  })
  return {
    ready,
    close: async () => {
      if (client.isOpen) await client.close()
    },
  }
}

/** Connection URLs may hold a password: never put it in an error message. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(an unparsable URL)'
  }
}

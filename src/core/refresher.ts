import type { Emitter } from './emitter'
import { RefreshError, SessionExpiredError } from './errors'
import type { SilentRefreshEvents } from './events'
import type { Session, SessionInput } from './session'

/** `expired`: the refresh token was refused. `transient`: worth retrying. `failed`: retrying won't help. */
export type FailureKind = 'expired' | 'transient' | 'failed'

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface RefresherConfig {
  session: Session
  events: Emitter<SilentRefreshEvents>
  /** Named in error messages. */
  url: string
  request: (signal: AbortSignal) => Promise<SessionInput>
  classify: (error: unknown) => FailureKind
  retry: RetryPolicy
  timeoutMs: number
}

/**
 * Single flight: at most one refresh at a time, every caller shares its promise.
 * `pending` is cleared when it settles; the session `version` taken at the start keeps
 * a slow refresh from overwriting a session that changed meanwhile (login, logout).
 */
export function createRefresher(config: RefresherConfig) {
  const { session, events, url, retry } = config
  let pending: Promise<string> | undefined

  async function run(): Promise<string> {
    const version = session.version
    for (let attempt = 1; ; attempt++) {
      let timedOut = false
      try {
        const input = await withTimeout(config.request, config.timeoutMs, () => {
          timedOut = true
        })
        if (session.version === version) {
          session.set(input)
          events.emit('refreshed', { accessToken: input.accessToken, expiresAt: session.expiresAt })
        }
        return current()
      } catch (error) {
        if (session.version !== version) return current()
        const kind = timedOut ? 'transient' : config.classify(error)
        if (kind === 'expired') {
          const expired = new SessionExpiredError(url, error)
          session.end()
          events.emit('sessionExpired', { error: expired })
          throw expired
        }
        if (kind === 'failed' || attempt >= retry.attempts) {
          const failed = new RefreshError(url, timedOut, error)
          events.emit('refreshFailed', { error: failed })
          throw failed
        }
        await sleep(backoff(retry, attempt))
      }
    }
  }

  /** The session as it is now: a newer token wins, an ended session rejects. */
  function current(): string {
    if (session.token) return session.token
    throw new SessionExpiredError(url)
  }

  return {
    refresh(): Promise<string> {
      pending ??= run().finally(() => {
        pending = undefined
      })
      return pending
    },
    get pending() {
      return pending
    },
  }
}

export type Refresher = ReturnType<typeof createRefresher>

/** Races the call against a timer; the signal tells the call to stop, the race stops waiting even if it doesn't. */
async function withTimeout<T>(
  call: (signal: AbortSignal) => Promise<T>,
  ms: number,
  onTimeout: () => void,
): Promise<T> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout()
      controller.abort()
      reject(new Error(`no answer within ${ms} ms`))
    }, ms)
  })
  try {
    return await Promise.race([call(controller.signal), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Exponential backoff with jitter, so tabs and clients that failed together don't retry together. */
function backoff({ baseDelayMs, maxDelayMs }: RetryPolicy, attempt: number): number {
  const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
  return delay / 2 + (Math.random() * delay) / 2
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

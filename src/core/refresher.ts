import type { Emitter } from './emitter'
import { RefreshError, SessionExpiredError } from './errors'
import type { SilentRefreshEvents } from './events'
import { raceAbort } from './race-abort'
import type { Session, SessionInput } from './session'

/** `expired`: the refresh token was refused. `transient`: worth retrying. `failed`: retrying won't help. */
export type FailureKind = 'expired' | 'transient' | 'failed'

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface RefreshSettings {
  /** Named in error messages. */
  refreshUrl: string
  /** One attempt's time limit. */
  refreshTimeoutMs: number
  retry: RetryPolicy
}

/** The transport: how to make one refresh call, and what its failures mean. */
export interface RefreshCall {
  request(signal: AbortSignal): Promise<SessionInput>
  classify(error: unknown): FailureKind
}

/**
 * Single flight: at most one refresh at a time, every caller shares its promise, cleared when
 * it settles. The session `version` taken at the start keeps a slow refresh from overwriting a
 * session that changed meanwhile (login, logout): the newer session wins.
 */
export function createRefresher(
  session: Session,
  events: Emitter<SilentRefreshEvents>,
  { refreshUrl, refreshTimeoutMs, retry }: RefreshSettings,
  call: RefreshCall,
) {
  let pending: Promise<string> | undefined

  async function run(): Promise<string> {
    const version = session.version
    for (let attempt = 1; ; attempt++) {
      const signal = AbortSignal.timeout(refreshTimeoutMs)
      try {
        // Stops waiting at the time limit even when the call ignores its signal.
        const input = await raceAbort(call.request(signal), signal, () => signal.reason)
        if (session.version === version) {
          session.set(input)
          events.emit('refreshed', { accessToken: input.accessToken, expiresAt: session.expiresAt })
        }
        return current()
      } catch (error) {
        if (session.version !== version) return current()
        const kind = signal.aborted ? 'transient' : call.classify(error)
        if (kind === 'expired') {
          const expired = new SessionExpiredError(refreshUrl, error)
          session.end()
          events.emit('sessionExpired', { error: expired })
          throw expired
        }
        if (kind === 'failed' || attempt >= retry.attempts) {
          const failed = new RefreshError(refreshUrl, signal.aborted, error)
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
    throw new SessionExpiredError(refreshUrl)
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

/** Exponential backoff with jitter, so tabs and clients that failed together don't retry together. */
function backoff({ baseDelayMs, maxDelayMs }: RetryPolicy, attempt: number): number {
  const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
  return delay / 2 + (Math.random() * delay) / 2
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

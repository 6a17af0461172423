import { backoff, type RetryPolicy } from './backoff'
import { checked } from './checked'
import type { Emitter } from './emitter'
import { RefreshError, SessionExpiredError } from './errors'
import type { SilentRefreshEvents } from './events'
import { expiryFromJwt } from './jwt'
import { raceAbort } from './race-abort'

/** What a login or refresh hands over: the access token and, if known, when it expires. */
export interface SessionInput {
  accessToken: string
  /** Lifetime in ms, measured from when the response arrived (immune to client clock skew). */
  expiresIn?: number
  /** Absolute expiry, epoch ms. */
  expiresAt?: number
}

/** `expired`: the refresh token was refused. `transient`: worth retrying. `failed`: retrying won't help. */
export type FailureKind = 'expired' | 'transient' | 'failed'

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

/** Told after every change: when the new token expires (null: unknown or none) and how long it lives. */
export type OnSessionChange = (expiresAt: number | null, lifetime: number) => void

const inputShape = { accessToken: '', expiresIn: 0, expiresAt: 0 }

/**
 * The session in memory and its single-flight refresh: at most one refresh at a time, every
 * caller shares its promise, cleared when it settles. `version` grows on every change, so a
 * slow refresh never overwrites a session that changed meanwhile (login, logout): the newer wins.
 * `ended` (expired, logged out or cleared) means no refresh on our own until a new session
 * starts; before any session a refresh cookie may still exist, e.g. after a reload.
 */
export function createSession(
  events: Emitter<SilentRefreshEvents>,
  { refreshUrl, refreshTimeoutMs, retry }: RefreshSettings,
  call: RefreshCall,
  onChange: OnSessionChange,
) {
  let token: string | null = null
  let expiresAt: number | null = null
  let ended = false
  let version = 0
  let pending: Promise<string> | undefined

  function set(input: SessionInput): void {
    const valid = checked(input, inputShape, 'setSession ')
    if (!valid.accessToken)
      throw new TypeError('silent-refresh: the session needs an `accessToken`')
    const now = Date.now()
    token = valid.accessToken
    expiresAt =
      valid.expiresAt ??
      (valid.expiresIn === undefined ? expiryFromJwt(token) : now + valid.expiresIn)
    changed(false, (expiresAt ?? now) - now)
  }

  function end(): void {
    token = expiresAt = null
    changed(true, 0)
  }

  function changed(isEnded: boolean, lifetime: number): void {
    ended = isEnded
    version++
    onChange(expiresAt, lifetime)
  }

  async function run(): Promise<string> {
    const started = version
    for (let attempt = 1; ; attempt++) {
      const signal = AbortSignal.timeout(refreshTimeoutMs)
      try {
        // Stops waiting at the time limit even when the call ignores its signal.
        const input = await raceAbort(call.request(signal), signal, () => signal.reason)
        if (version === started) {
          set(input)
          events.emit('refreshed', { accessToken: input.accessToken, expiresAt })
        }
        return current()
      } catch (error) {
        if (version !== started) return current()
        const kind = signal.aborted ? 'transient' : call.classify(error)
        if (kind === 'expired') {
          const expired = new SessionExpiredError(refreshUrl, error)
          end()
          events.emit('sessionExpired', { error: expired })
          throw expired
        }
        if (kind === 'failed' || attempt >= retry.attempts) {
          const failed = new RefreshError(refreshUrl, signal.aborted, error)
          events.emit('refreshFailed', { error: failed })
          throw failed
        }
        await backoff(retry, attempt)
      }
    }
  }

  /** The session as it is now: a newer token wins, an ended session rejects. */
  function current(): string {
    if (token) return token
    throw new SessionExpiredError(refreshUrl)
  }

  return {
    get token() {
      return token
    },
    get ended() {
      return ended
    },
    get pending() {
      return pending
    },
    /** True when the token is known to be past its expiry, so sending it would only earn a 401. */
    isExpired: () => expiresAt !== null && expiresAt <= Date.now(),
    set,
    end,
    refresh(): Promise<string> {
      pending ??= run().finally(() => {
        pending = undefined
      })
      return pending
    },
  }
}

export type Session = ReturnType<typeof createSession>

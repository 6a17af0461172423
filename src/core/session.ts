import { backoff, type RetryPolicy } from './backoff.js'
import { checked } from './checked.js'
import type { Emitter } from './emitter.js'
import { RefreshError, SessionExpiredError } from './errors.js'
import type { SilentRefreshEvents } from './events.js'
import { expiryFromJwt } from './jwt.js'
import { raceAbort } from './race-abort.js'
import { type ConnectTabs, soloTab, type TabMessage } from './tab-sync.js'

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
/** How long a tab listens for its siblings: an answer to its question, or the token of the refresh that held the lock. */
const SIBLING_WAIT_MS = 100

/**
 * The session in memory and its single-flight refresh: at most one refresh at a time, every
 * caller shares its promise, cleared when it settles. `version` grows on every change, so a
 * slow refresh never overwrites a session that changed meanwhile (login, logout): the newer wins.
 * `ended` (expired, logged out or cleared) means no refresh on our own until a new session
 * starts; before any session a refresh cookie may still exist, e.g. after a reload.
 * Sibling tabs share the cookie, so they share the session: its tokens and its end.
 */
export function createSession(
  events: Emitter<SilentRefreshEvents>,
  { refreshUrl, refreshTimeoutMs, retry }: RefreshSettings,
  call: RefreshCall,
  onChange: OnSessionChange,
  connect: ConnectTabs = soloTab,
) {
  let token: string | null = null
  let expiresAt: number | null = null
  let ended = false
  /** When the token was obtained (by this tab or the sibling it came from), and when the session last ended here. */
  let since = 0
  let endedAt = 0
  let version = 0
  let pending: Promise<string> | undefined
  // dispose() aborts the refresh in flight and refuses new ones: a disposed SDK does nothing more.
  const stop = new AbortController()
  let heard: (() => void) | undefined
  const tabs = connect(receive)
  // A new tab (or a reload) asks its siblings first: one of them may hold a valid token.
  const asked = tabs.connected ? hear() : undefined
  tabs.post({ type: 'ask' })

  /** Resolves when a sibling tells of a new token or the session's end, or after a short wait. */
  function hear(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, SIBLING_WAIT_MS)
      heard = done
      function done() {
        clearTimeout(timer)
        heard = undefined
        resolve()
      }
    })
  }

  function receive(message: TabMessage): void {
    if (message?.type === 'ask') {
      if (token && !isExpired()) share()
      return
    }
    if (message?.type === 'token') {
      // An answer to another tab's question may be older than the token this tab refreshed to.
      // A token obtained before this tab's session ended may arrive late (or a sibling that has not
      // heard of the end yet may answer with it): it must not sign the tab back in.
      // (A message without `at`, from an older version, compares false and is taken.)
      const { accessToken, expiresAt: until, at } = message
      if (at <= endedAt) return
      if (accessToken !== token && (until ?? Infinity) > (expiresAt ?? -Infinity)) {
        try {
          set({ accessToken, expiresAt: until ?? undefined }, false, at)
        } catch {
          return // not a session (another tab may run another version of the app): ignored
        }
        events.emit('refreshed', { accessToken, expiresAt, fromOtherTab: true })
      }
    } else if (message?.type === 'loggedOut' || message?.type === 'expired') {
      // Even if ended already: a token obtained before now is of an ended session (see 'token').
      endedAt = Date.now()
      if (ended) return
      end()
      if (message.type === 'loggedOut') events.emit('loggedOut', { fromOtherTab: true })
      else {
        const error = new SessionExpiredError(refreshUrl)
        events.emit('sessionExpired', { error, fromOtherTab: true })
      }
    } else return
    heard?.()
  }

  function share(): void {
    tabs.post({ type: 'token', accessToken: token as string, expiresAt, at: since })
  }

  function isExpired(): boolean {
    return expiresAt !== null && expiresAt <= Date.now()
  }

  /** `obtained`: when the token was obtained, if by another tab. */
  function set(input: SessionInput, shared = true, obtained?: number): void {
    const valid = checked(input, inputShape, 'setSession ')
    if (!valid.accessToken)
      throw new TypeError('silent-refresh: the session needs an `accessToken`')
    const now = Date.now()
    token = valid.accessToken
    since = obtained ?? now
    expiresAt =
      valid.expiresAt ??
      (valid.expiresIn === undefined ? expiryFromJwt(token) : now + valid.expiresIn)
    changed(false, (expiresAt ?? now) - now)
    if (shared) share()
  }

  /** `told`: the siblings end their session too. */
  function end(told?: 'loggedOut' | 'expired'): void {
    token = expiresAt = null
    endedAt = Date.now()
    changed(true, 0)
    if (told) tabs.post({ type: told })
  }

  function changed(isEnded: boolean, lifetime: number): void {
    ended = isEnded
    version++
    onChange(expiresAt, lifetime)
  }

  async function run(): Promise<string> {
    const started = version
    if (asked) await asked
    return tabs.exclusive(async (waited) => {
      // The tab that held the lock has just refreshed: take its token rather than refresh again.
      if (waited && tabs.connected && version === started) await hear()
      return version !== started && !isExpired() ? current() : attempts(started)
    }, stop.signal)
  }

  async function attempts(started: number): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(refreshTimeoutMs)])
      try {
        // Stops waiting at the time limit even when the call ignores its signal.
        const input = await raceAbort(call.request(signal), signal, () => signal.reason)
        if (version === started) {
          set(input)
          events.emit('refreshed', {
            accessToken: input.accessToken,
            expiresAt,
            fromOtherTab: false,
          })
        }
        return current()
      } catch (error) {
        if (version !== started) return current()
        const kind = signal.aborted ? 'transient' : call.classify(error)
        if (kind === 'expired') {
          const expired = new SessionExpiredError(refreshUrl, error)
          end('expired')
          events.emit('sessionExpired', { error: expired, fromOtherTab: false })
          throw expired
        }
        if (kind === 'failed' || attempt >= retry.attempts || stop.signal.aborted) {
          const failed = new RefreshError(refreshUrl, signal.aborted && !stop.signal.aborted, error)
          events.emit('refreshFailed', { error: failed })
          throw failed
        }
        await backoff(retry, attempt, stop.signal)
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
    isExpired,
    set: (input: SessionInput) => set(input),
    end,
    /** Runs `task` while no tab refreshes. */
    exclusive: <T>(task: () => Promise<T>) => tabs.exclusive(task),
    refresh(): Promise<string> {
      pending ??= run().finally(() => {
        pending = undefined
      })
      return pending
    },
    dispose(): void {
      stop.abort()
      heard?.()
      tabs.dispose()
    },
  }
}

export type Session = ReturnType<typeof createSession>

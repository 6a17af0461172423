import { checkSessionInput } from './checked.js'
import { createEmitter } from './emitter.js'
import { disposedError, isSessionExpired, RefreshError, SessionExpiredError } from './errors.js'
import type { SilentRefreshEvents } from './events.js'
import { expiryFromJwt } from './jwt.js'
import { createRefreshAhead } from './refresh-ahead.js'
import type { RetryPolicy } from './refresh-flight.js'
import { type FailureKind, runRefresh } from './refresh-flight.js'
import { type EndReason, type SessionState, time, tokenOf, usable } from './state.js'
import { type ConnectTabs, createTabLink, soloTab } from './tab-link.js'
import type { SessionInput } from './token-response.js'

/** Where to keep a refresh token that came in the body, when the app accepts that risk. */
export interface RefreshTokenStorage {
  get(): string | null | undefined
  set(token: string): void
  remove(): void
}

export interface SessionSettings {
  /** Named in error messages. */
  refreshUrl: string
  refreshTimeoutMs: number
  retry: RetryPolicy
  refreshAheadMs: number | false
  parseTokenResponse(body: unknown): SessionInput
  refreshTokenStorage?: RefreshTokenStorage
}

/** The calls an adapter makes on the session's behalf, on its own transport; each resolves to the body. */
export interface AuthCalls {
  refresh(context: { signal: AbortSignal; refreshToken?: string }): Promise<unknown>
  login(credentials: unknown, signal: AbortSignal): Promise<unknown>
  /** Not aborted by dispose(): a sign-out the user asked for goes through. */
  logout(token: string | null): Promise<unknown>
  /** What a failed call means: refused, worth a retry, or not. */
  classify(error: unknown): FailureKind
}

/**
 * The session: its state (see `state.ts`) and the only code that changes it, the one refresh
 * flight every caller shares, and the link to sibling tabs. Adapters ask it what to send
 * (`tokenToSend`) and what a 401 means (`tokenAfter401`); they hold no session rules. The
 * object it returns is also the public session API (`SilentSession`), which an adapter
 * spreads into its own.
 */
export function createSession(
  settings: SessionSettings,
  calls: AuthCalls,
  connect: ConnectTabs = soloTab,
  onWake: (check: () => void) => () => void = () => () => {},
) {
  const { refreshUrl, retry, refreshTimeoutMs, refreshTokenStorage: storage } = settings
  const events = createEmitter<SilentRefreshEvents>()
  // dispose() aborts whatever is in flight and refuses what comes after: no call of any kind.
  const stop = new AbortController()
  const stopped = stop.signal
  const cleanups: Array<() => void> = []
  let state: SessionState = { status: 'unknown', refreshToken: storage?.get() ?? undefined }
  let flight: Promise<string> | undefined

  const expired = () => new SessionExpiredError(refreshUrl)
  const alive = () => {
    if (stopped.aborted) throw disposedError()
  }
  const ended = () => state.status === 'ended'
  const refreshTokenOf = (s: SessionState) => (s.status === 'ended' ? undefined : s.refreshToken)
  /** The session moved on from `seen` to what a waiter can use: a usable token, or an end. */
  const movedOn = (seen: SessionState) => state !== seen && (!!usable(state) || ended())

  const ahead =
    settings.refreshAheadMs === false
      ? undefined
      : createRefreshAhead(() => refresh(), settings.refreshAheadMs, onWake)

  // Every change this tab makes itself is made holding the lock (`link.exclusive`): no refresh,
  // here or in another tab, can land in between (its Set-Cookie after a login's), and the
  // siblings hear of it.
  const link = createTabLink(
    connect,
    take,
    (onlyUsable) => (!onlyUsable || !!usable(state)) && state,
    {
      handoffMs: refreshTimeoutMs,
      // A holder's worst case: every attempt of its refresh to the time limit with the longest
      // backoffs between, plus one limit for its wait for answers and one for lock grants and
      // messages on their way.
      holdMs: (retry.attempts + 2) * refreshTimeoutMs + (retry.attempts - 1) * retry.maxDelayMs,
    },
    stopped,
  )

  /**
   * The one way the state changes. Refresh-ahead replans, a stored refresh token follows, and
   * the app hears of it unless `fromOtherTab` is left out (login, setSession, clearSession):
   * `refreshed` for a new token, `loggedOut` or `sessionExpired` for an end.
   */
  function move(next: SessionState, fromOtherTab?: boolean, error = expired()): void {
    const kept = refreshTokenOf(next)
    if (storage && kept !== refreshTokenOf(state)) kept ? storage.set(kept) : storage.remove()
    state = next
    ahead?.plan(next.status === 'active' ? next.expiresAt : null)
    if (fromOtherTab === undefined) return
    if (next.status === 'active') {
      const { token: accessToken, expiresAt } = next
      events.emit('refreshed', { accessToken, expiresAt, fromOtherTab })
    } else if (next.status === 'ended' && next.reason === 'loggedOut')
      events.emit('loggedOut', { fromOtherTab })
    else events.emit('sessionExpired', { error, fromOtherTab })
  }

  /** A token this tab obtained (holding the lock: the siblings hear of it when it lets go). */
  function activate(input: SessionInput, at: number, fromOtherTab?: boolean): void {
    if (typeof process === 'object' && process.env.NODE_ENV !== 'production')
      checkSessionInput(input)
    const { accessToken: token, expiresAt, expiresIn } = input
    move(
      {
        status: 'active',
        token,
        expiresAt:
          expiresAt ?? (expiresIn === undefined ? expiryFromJwt(token) : Date.now() + expiresIn),
        at,
        // An answer without a new refresh token leaves the current one in place.
        refreshToken: input.refreshToken ?? refreshTokenOf(state),
      },
      fromOtherTab,
    )
  }

  const end = (reason: EndReason, fromOtherTab?: boolean, error?: SessionExpiredError) =>
    move({ status: 'ended', at: Date.now(), reason }, fromOtherTab, error)

  /**
   * A sibling's session, kept when newer than this tab's (`time`): a token only while usable
   * (equal times, two tabs in one millisecond, go to the greater token, so every tab keeps the
   * same), an end unless this tab's session began after it.
   */
  function take(theirs: SessionState): void {
    const ahead = time(theirs) - time(state)
    if (theirs.status === 'active') {
      const tie = !ahead && state.status === 'active' && theirs.token > state.token
      if (typeof theirs.token === 'string' && usable(theirs) && (ahead > 0 || tie))
        move(theirs, true)
    } else if (theirs.status === 'ended' && theirs.reason !== 'cleared' && ahead >= 0) {
      // Over here already: remember the later end, so a token from before it stays out.
      if (ended()) state = { ...state, at: theirs.at } as SessionState
      else move(theirs, true)
    }
  }

  /** One refresh at a time; every caller, in this tab and (through the lock) in others, shares it. */
  function refresh(): Promise<string> {
    if (stopped.aborted) return Promise.reject(disposedError())
    const seen = state
    const settled = () => movedOn(seen)
    flight ??= link
      .exclusive(async () => {
        // Another tab may have refreshed just before (its message may still be on the way), or
        // hold a token this page load has not heard of: ask before refreshing.
        if (!settled()) await link.ask(settled)
        return settled() ? current() : refreshNow()
      })
      .finally(() => {
        flight = undefined
      })
    return flight
  }

  /** The usable token, or why there is none. */
  async function current(): Promise<string> {
    alive()
    // (Not ended and not usable: the server answered with a token already past its expiry.)
    return (
      usable(state) ?? Promise.reject(ended() ? expired() : new RefreshError(refreshUrl, false))
    )
  }

  /**
   * The refresh itself, holding the lock. If the session moved on meanwhile (login, setSession,
   * a sibling's token, a logout), a usable or ended state wins; a state that is already dead
   * does not cost the tokens the server issued.
   */
  async function refreshNow(): Promise<string> {
    alive()
    const base = state
    let at = 0
    try {
      const input = await runRefresh({
        send: (signal) => {
          alive()
          at = Date.now()
          return calls.refresh({ signal, refreshToken: refreshTokenOf(base) })
        },
        parse: settings.parseTokenResponse,
        classify: calls.classify,
        url: refreshUrl,
        limitMs: refreshTimeoutMs,
        retry,
        stop: stopped,
      })
      if (!movedOn(base)) activate(input, at, false)
    } catch (error) {
      alive()
      if (!isSessionExpired(error)) events.emit('refreshFailed', { error: error as RefreshError })
      else if (!movedOn(base)) end('expired', false, error)
      else if (usable(state)) return current()
      throw error
    }
    return current()
  }

  return {
    /** What a request carries: the token now, or a promise when it must wait for the refresh. */
    tokenToSend(skipRefresh?: boolean): string | null | Promise<string> {
      if (!flight && (skipRefresh || usable(state) || state.status !== 'active'))
        return tokenOf(state)
      return refresh().catch((error: unknown) => {
        // A refresh ahead of time failed transiently: the current token is still good, use it.
        const token = usable(state)
        if (token && !isSessionExpired(error) && !stopped.aborted) return token
        throw error
      })
    },

    /**
     * What to replay a request with after the server refused `sent`: the current token when a
     * newer usable one came meanwhile, else the one refresh. Never a token known to be dead.
     */
    async tokenAfter401(sent: string | null): Promise<string> {
      alive()
      if (ended()) throw expired()
      const token = usable(state)
      return token && token !== sent && !flight ? token : refresh()
    },

    refresh,

    setSession(input: SessionInput): void {
      alive()
      activate(input, Date.now())
      // Told to the siblings holding the lock, so no tab's refresh lands in between.
      link.exclusive(async () => {}).catch(() => {})
    },

    clearSession: () => void end('cleared'),

    getAccessToken: () => tokenOf(state),

    /** The login call, holding the lock, so no tab's refresh can land in between. */
    login: <T = unknown>(credentials: unknown): Promise<T> =>
      link.exclusive(async () => {
        alive()
        const at = Date.now()
        const body = await calls.login(credentials, stopped)
        alive()
        const input = settings.parseTokenResponse(body)
        if (input.accessToken) activate(input, at)
        else {
          // A cookie-session backend: the sign-in set a cookie but gave no access token. The
          // token endpoint gives one before login() resolves; any refresh token is kept for it.
          move({ status: 'unknown', refreshToken: input.refreshToken })
          await refreshNow()
        }
        return body as T
      }),

    /** Holds the lock, so no tab's refresh sets a cookie after the clearing one. */
    async logout(): Promise<void> {
      alive()
      let done = false
      // Ends the session once: holding the lock, so the siblings hear of it before anything
      // else, or after a failure to get there at all, so a sign-out always signs out here.
      const finish = () => {
        if (!done && !stopped.aborted) end('loggedOut', false)
        done = true
      }
      try {
        await link.exclusive(() => calls.logout(tokenOf(state)).finally(finish), true)
      } finally {
        finish()
      }
    },

    on: events.on,

    /** Runs `cleanup` at dispose(), e.g. an adapter's interceptors. */
    onDispose: (cleanup: () => void) => void cleanups.push(cleanup),

    dispose(): void {
      if (stopped.aborted) return
      stop.abort()
      for (const cleanup of cleanups) cleanup()
      ahead?.dispose()
      link.dispose()
      events.clear()
    },
  }
}

export type Session = ReturnType<typeof createSession>

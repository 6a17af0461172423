import { settle } from './abort.js'
import { disposedError } from './errors.js'
import type { SessionState } from './state.js'

/**
 * What the tabs of one origin tell each other about the session they share through the refresh
 * cookie. A tab posts its session whenever it changes it, which it does holding the lock; a tab
 * about to refresh asks the others (`ask`), and each answers with its own (`re`: the ask's id).
 */
export type TabMessage = { session: SessionState | false; re?: number } | { ask: number }

/** How a session reaches its sibling tabs (the browser's BroadcastChannel and Web Locks). */
export interface TabPort {
  post(message: TabMessage): void
  /**
   * Runs `task` holding the lock the tabs share. The wait is bounded by `holdMs` for each
   * sibling (each is queued ahead at most once); past that the holder is stuck (a frozen tab)
   * and `task` runs without the lock. `stop` (dispose) rejects, and `task` never runs.
   */
  exclusive<T>(task: () => Promise<T>, stop: AbortSignal, holdMs: number): Promise<T>
  /**
   * How many other tabs are open: 0 when none, or when that cannot be known. Holding the lock,
   * 0 also when there were none as this tab asked for it: a tab opened since waits behind it.
   */
  siblings(): Promise<number>
  dispose(): void
}

/** Connects a session to its siblings; `receive` gets whatever they post (unchecked). */
export type ConnectTabs = (receive: (message: unknown) => void) => TabPort

export const soloTab: ConnectTabs = () => ({
  post() {},
  exclusive: (task) => task(),
  siblings: async () => 0,
  dispose() {},
})

/**
 * The session's side of the tab protocol: `take` gets a sibling's session, `mine` tells this
 * tab's — all of it, or (`onlyUsable`, the answer to an `ask`) only a token still good: a page
 * that loads after a sign-out elsewhere still tries its own cookie, which a sign-in by other
 * means may have set. `handoffMs` bounds a wait for answers, `holdMs` a tab's hold of the lock.
 */
export function createTabLink(
  connect: ConnectTabs,
  take: (theirs: SessionState) => void,
  mine: (onlyUsable?: boolean) => SessionState | false,
  { handoffMs, holdMs }: { handoffMs: number; holdMs: number },
  stop: AbortSignal,
) {
  // The one `ask` in progress (this tab asks holding the lock) hears every message after it is handled.
  let heard: ((message?: Partial<{ session: unknown; re: number }>) => void) | undefined

  const port = connect((message) => {
    const m = message as { ask?: number; session?: SessionState; re?: number } | null
    if (m?.ask !== undefined) port.post({ session: mine(true), re: m.ask })
    else if (m?.session) take(m.session)
    heard?.(m ?? undefined)
  })

  const tell = () => port.post({ session: mine() })
  let queue: Promise<unknown> = Promise.resolve()

  return {
    tell,

    dispose: port.dispose,

    /**
     * Asks the open tabs for their sessions, holding the lock, before refreshing: a sibling may
     * have refreshed just before (however late its own message comes), or hold a token this
     * page load has not heard of. A lone tab does not wait at all; otherwise the wait ends when
     * `settled()` (the session now has what the caller needed), once every sibling answered, or
     * after `handoffMs`: only a sibling that froze on the way takes that long.
     */
    async ask(settled: () => boolean): Promise<void> {
      const siblings = await port.siblings()
      if (!siblings || settled()) return
      const id = Math.random()
      let answers = 0
      const answered = new Promise<void>((resolve) => {
        heard = (m) => (settled() || (m?.re === id && ++answers >= siblings)) && resolve()
      })
      port.post({ ask: id })
      await settle(answered, stop, undefined, handoffMs).catch(() => {})
      heard = undefined
    },

    /**
     * Runs `task` holding the lock the tabs share, after this tab's earlier tasks, then tells
     * the siblings the session as it left it. After dispose() it rejects with `ERR_DISPOSED`,
     * unless `unstoppable` (a sign-out the user asked for goes through).
     */
    exclusive<T>(task: () => Promise<T>, unstoppable?: boolean): Promise<T> {
      const run = queue
        .then(() =>
          port.exclusive(
            () => task().finally(tell),
            unstoppable ? new AbortController().signal : stop,
            holdMs,
          ),
        )
        .catch((error: unknown) => {
          throw stop.aborted && !unstoppable ? disposedError() : error
        })
      queue = run.catch(() => {})
      return run
    },
  }
}

export type TabLink = ReturnType<typeof createTabLink>

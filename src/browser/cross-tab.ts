import { type ConnectTabs, soloTab } from '../core/tab-link.js'

/**
 * The tabs of an origin, through the browser: a BroadcastChannel carries the session's messages,
 * a Web Lock serialises refreshes, and a shared "presence" lock that every tab holds while open
 * tells how many tabs there are (`locks.query()`), so a lone tab never waits for an answer.
 * Without Web Locks (or where they are refused) the channel still shares tokens and sign-outs;
 * without a channel, or outside a window, the tab is on its own: in Node (SSR, tests) one
 * process serves many users, whose tokens must never meet.
 */
export function crossTab(key: string): ConnectTabs {
  const locks = globalThis.navigator?.locks
  if (typeof window !== 'object' || typeof BroadcastChannel !== 'function') return soloTab
  const presence = `${key} tabs`
  return (receive) => {
    let channel: BroadcastChannel | undefined = new BroadcastChannel(key)
    channel.onmessage = (event: MessageEvent) => receive(event.data)
    let leave = () => {}
    // Held until dispose() (let go at once if that came first).
    locks
      ?.request(
        presence,
        { mode: 'shared' },
        () => channel && new Promise<void>((left) => (leave = left)),
      )
      .catch(() => {})
    // Counts held and waiting entries alike, so nothing waits for this tab's own grant: the lock
    // manager handles one tab's requests and queries in order, so its own is always in there.
    const count = async () => {
      if (!locks) return 0
      // Refused (a sandboxed frame): as if alone.
      const { held = [], pending = [] } = await locks
        .query()
        .catch(() => ({}) as LockManagerSnapshot)
      return Math.max(0, [...held, ...pending].filter((lock) => lock.name === presence).length - 1)
    }
    // While this tab holds the lock: how many siblings there were when it asked for it.
    let holding: Promise<number> | undefined
    return {
      // A closed channel throws on postMessage: a login or logout landing after dispose() posts nothing.
      post: (message) => channel?.postMessage(message),
      async exclusive(task, stop, holdMs) {
        if (!locks) return task()
        // Waits for the lock at most as long as the holders ahead may really take (one holder's
        // worst case per sibling); past that they are stuck (a frozen tab) and this tab goes on
        // without them, as where locks are refused (SecurityError). dispose() rejects.
        let ran = false
        const wait = new AbortController()
        // A timer, not a timeout signal (see `settle`), set once the number of tabs is known —
        // meanwhile the lock is already asked for, so a lone tab loses no time. Cleared on
        // giving up too: a lock granted but not yet called back cannot be called off.
        let timer: ReturnType<typeof setTimeout> | undefined
        const giveUp = () => {
          clearTimeout(timer)
          wait.abort()
        }
        stop.addEventListener('abort', giveUp, { signal: wait.signal })
        if (stop.aborted) giveUp()
        const asked = count()
        asked.then((n) => {
          if (!ran && !wait.signal.aborted) timer = setTimeout(giveUp, holdMs * (1 + n))
        })
        try {
          return await locks.request(key, { signal: wait.signal }, () => {
            ran = true
            clearTimeout(timer)
            holding = asked
            return task().finally(() => (holding = undefined))
          })
        } catch (error) {
          if (ran || stop.aborted) throw error
          return task()
        } finally {
          clearTimeout(timer)
          wait.abort()
        }
      },
      // A tab that was alone when it asked for the lock is first in line: a tab opened since
      // queues behind it, so none can hold anything newer, and a reload asks the browser once.
      // Otherwise counted again: a sibling that closed meanwhile would never answer.
      siblings: async () => ((await holding) === 0 ? 0 : count()),
      dispose() {
        channel?.close()
        channel = undefined
        leave()
      },
    }
  }
}

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
    // Held until dispose() (let go at once if that came first); siblings() counts after the grant.
    const joined = new Promise<void>((resolve) => {
      locks
        ?.request(presence, { mode: 'shared' }, () => {
          resolve()
          if (channel) return new Promise<void>((left) => (leave = left))
        })
        .catch(() => resolve())
    })
    const siblings = async () => {
      if (!locks) return 0
      await joined
      // Refused (a sandboxed frame): as if alone.
      const { held = [] } = await locks.query().catch(() => ({ held: [] }))
      return Math.max(0, held.filter((lock) => lock.name === presence).length - 1)
    }
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
        siblings().then((n) => {
          if (!ran && !wait.signal.aborted) timer = setTimeout(giveUp, holdMs * (1 + n))
        })
        try {
          return await locks.request(key, { signal: wait.signal }, () => {
            ran = true
            clearTimeout(timer)
            return task()
          })
        } catch (error) {
          if (ran || stop.aborted) throw error
          return task()
        } finally {
          clearTimeout(timer)
          wait.abort()
        }
      },
      siblings,
      dispose() {
        channel?.close()
        channel = undefined
        leave()
      },
    }
  }
}

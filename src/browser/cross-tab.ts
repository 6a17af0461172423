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
  if (typeof window !== 'object' || typeof BroadcastChannel !== 'function') return soloTab
  const locks = globalThis.navigator?.locks
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
      exclusive: async (task, stop, holdMs) => {
        if (!locks) return task()
        let ran = false
        const wait = new AbortController()
        // A timer, not a timeout signal (see `settle`), set once the number of tabs is known:
        // past it the holders ahead are stuck (a frozen tab) and this tab goes on without them.
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
          // Refused locks (SecurityError) or a stuck holder: run without; dispose: reject.
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

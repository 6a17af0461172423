import { type ConnectTabs, soloTab, type TabPort } from '../core/tab-link.js'

/**
 * The tabs of an origin, through the browser: a BroadcastChannel carries the session's messages,
 * a Web Lock serialises refreshes, and a shared "presence" lock that every tab holds while open
 * tells how many tabs there are (`locks.query()`), so a lone tab never waits for an answer.
 * Each works without the other; without both the tab is on its own. Only in a window: in Node
 * (SSR, tests) one process serves many users, whose tokens must never meet.
 */
export function crossTab(key: string): ConnectTabs {
  if (typeof window !== 'object') return soloTab
  const locks = globalThis.navigator?.locks
  const presence = `${key} tabs`
  return (receive) => {
    let channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(key) : undefined
    if (channel) channel.onmessage = (event: MessageEvent) => receive(event.data)
    async function siblings() {
      if (!locks || !channel) return 0
      await joined
      // Refused (a sandboxed frame): as if alone.
      const { held = [] } = await locks.query().catch(() => ({ held: [] }))
      return Math.max(0, held.filter((lock) => lock.name === presence).length - 1)
    }
    let leave: (() => void) | undefined
    // Held until dispose() (let go at once if that came first); siblings() counts after the grant.
    const joined = new Promise<void>((resolve) => {
      locks
        ?.request(presence, { mode: 'shared' }, () => {
          resolve()
          if (channel) return new Promise<void>((left) => (leave = left))
        })
        .catch(() => resolve())
    })
    return {
      // A closed channel throws on postMessage: a login or logout landing after dispose() posts nothing.
      post: (message) => channel?.postMessage(message),
      exclusive: (task, stop, holdMs) =>
        locks
          ? withLock(locks, key, task, stop, async () => holdMs * (1 + (await siblings())))
          : task(),
      siblings,
      dispose() {
        channel?.close()
        channel = undefined
        leave?.()
      },
    } satisfies TabPort
  }
}

/**
 * Runs `task` holding the lock, waiting for it at most `patienceMs()`: past that the holders
 * ahead are stuck (a frozen tab) and this tab goes ahead without it. `stop` (dispose) rejects,
 * and the task never runs. A closed tab releases its locks. Where locks are refused (a
 * sandboxed frame throws SecurityError) the task runs without one.
 */
async function withLock<T>(
  locks: LockManager,
  name: string,
  task: () => Promise<T>,
  stop: AbortSignal,
  patienceMs: () => Promise<number>,
): Promise<T> {
  let ran = false
  const wait = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const giveUp = () => {
    clearTimeout(timer)
    wait.abort()
  }
  stop.addEventListener('abort', giveUp)
  if (stop.aborted) giveUp()
  // A timer, not a timeout signal: one that only a composite signal refers to can be
  // garbage-collected, and never fire. Set once the number of tabs is known.
  patienceMs().then((ms) => {
    if (!ran && !wait.signal.aborted) timer = setTimeout(giveUp, ms)
  })
  try {
    return await locks.request(name, { signal: wait.signal }, () => {
      ran = true
      clearTimeout(timer)
      return task()
    })
  } catch (error) {
    if (ran || stop.aborted) throw error
    return task()
  } finally {
    clearTimeout(timer)
    stop.removeEventListener('abort', giveUp)
  }
}

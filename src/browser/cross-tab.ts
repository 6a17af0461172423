import { type ConnectTabs, soloTab, type TabMessage, type TabSync } from '../core/tab-sync.js'

/**
 * Web Locks serialise refreshes across the tabs of an origin; a BroadcastChannel carries tokens
 * and logouts between them. Each works without the other, and the tab works alone without both.
 * Only in a window: in Node (SSR, tests) one process serves many users, whose tokens must never meet.
 */
export function crossTab(key: string, lockTimeoutMs: number): ConnectTabs {
  if (typeof window !== 'object') return soloTab
  const locks = globalThis.navigator?.locks
  return (receive) => {
    let channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(key) : undefined
    if (channel) channel.onmessage = (event: MessageEvent<TabMessage>) => receive(event.data)
    return {
      connected: !!channel,
      exclusive: (task, stop) =>
        locks ? withLock(locks, key, lockTimeoutMs, task, stop) : task(false),
      post: (message) => channel?.postMessage(message),
      // A closed channel throws on postMessage: a login or logout landing after dispose() posts nothing.
      dispose: () => {
        channel?.close()
        channel = undefined
      },
    } satisfies TabSync
  }
}

const busy = Symbol('busy')

/**
 * Takes the lock at once if it is free. Otherwise waits for it, but at most `timeoutMs`: a tab
 * stuck in its refresh must not block the others, and the server's grace window covers an overlap.
 * (A tab that closes releases its locks, so a dead tab never holds one.) Where locks are refused
 * (a sandboxed frame throws SecurityError), the task runs without one.
 */
async function withLock<T>(
  locks: LockManager,
  name: string,
  timeoutMs: number,
  task: (waited: boolean) => Promise<T>,
  stop?: AbortSignal,
): Promise<T> {
  let ran = false
  const run = (waited: boolean) => {
    ran = true
    return task(waited)
  }
  try {
    const free = await locks.request(name, { ifAvailable: true }, (lock) =>
      lock ? run(false) : busy,
    )
    if (free !== busy) return free
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = stop ? AbortSignal.any([timeout, stop]) : timeout
    return await locks.request(name, { signal }, () => run(true))
  } catch (error) {
    if (ran) throw error
    return task(false)
  }
}

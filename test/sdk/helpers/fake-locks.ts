/**
 * A Web Locks stand-in for Node and happy-dom, which have none: exclusive locks granted in
 * request order, `ifAvailable`, and `signal` to give up waiting. Real Web Locks are tested in
 * Chromium (test/e2e/cross-tab.e2e.ts).
 */
export function createFakeLocks() {
  const held = new Set<string>()
  const waiting = new Map<string, Array<() => void>>()

  function release(name: string): void {
    held.delete(name)
    waiting.get(name)?.shift()?.()
  }

  function acquire(name: string, signal?: AbortSignal): Promise<void> {
    if (!held.has(name)) {
      held.add(name)
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const queue = waiting.get(name) ?? []
      waiting.set(name, queue)
      const grant = () => {
        signal?.removeEventListener('abort', giveUp)
        held.add(name)
        resolve()
      }
      const giveUp = () => {
        queue.splice(queue.indexOf(grant), 1)
        reject(signal?.reason)
      }
      queue.push(grant)
      signal?.addEventListener('abort', giveUp, { once: true })
    })
  }

  const locks = {
    async request<T>(
      name: string,
      options: { ifAvailable?: boolean; signal?: AbortSignal },
      callback: (lock: { name: string } | null) => T | Promise<T>,
    ): Promise<T> {
      if (options.ifAvailable && held.has(name)) return callback(null)
      await acquire(name, options.signal)
      try {
        return await callback({ name })
      } finally {
        release(name)
      }
    },
  }

  return {
    locks: locks as unknown as LockManager,
    /** Holds `name` as a stuck tab would, until the returned function is called. */
    hold(name: string): () => void {
      void acquire(name)
      return () => release(name)
    },
  }
}

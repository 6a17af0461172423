/**
 * Runs tasks one at a time per key, in call order; tasks for different keys run freely. Both
 * stores serialise `update()` of one key with it: the memory store for atomicity, the Redis
 * store so that one instance never competes with itself for a key.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<void>>()
  return async <R>(key: string, task: () => Promise<R>): Promise<R> => {
    const previous = tails.get(key) ?? Promise.resolve()
    let release = () => {}
    const mine = new Promise<void>((resolve) => {
      release = resolve
    })
    const tail = previous.then(() => mine)
    tails.set(key, tail)
    await previous
    try {
      return await task()
    } finally {
      release()
      // The last task of a key leaves nothing behind: the map holds only busy keys.
      if (tails.get(key) === tail) tails.delete(key)
    }
  }
}

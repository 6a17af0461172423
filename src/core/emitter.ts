export type Listener<T> = (event: T) => void

/** A tiny typed event emitter. A throwing listener cannot break the refresh flow: its error is rethrown on its own. */
export function createEmitter<Events extends object>() {
  const listeners = new Map<keyof Events, Set<Listener<never>>>()
  return {
    on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set.add(listener))
      return () => void set.delete(listener)
    },
    emit<K extends keyof Events>(name: K, event: Events[K]): void {
      for (const listener of [...(listeners.get(name) ?? [])] as Listener<Events[K]>[]) {
        try {
          listener(event)
        } catch (error) {
          queueMicrotask(() => {
            throw error
          })
        }
      }
    },
    clear: () => listeners.clear(),
  }
}

export type Emitter<Events extends object> = ReturnType<typeof createEmitter<Events>>

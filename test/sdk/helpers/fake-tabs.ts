/**
 * What a browser gives the tabs of one origin, in-process for Node and happy-dom (which have no
 * Web Locks): a `BroadcastChannel` whose deliveries are timers of the test's simulated clock
 * (so a test can make them late; one sender's messages keep their order, as in browsers), and
 * a LockManager with exclusive and shared locks granted in request order, `signal` to give up
 * waiting, and `query()`. Real Web Locks and channels are tested in Chromium (test/e2e).
 */
export function createFakeTabs({ messageDelayMs = 0 } = {}) {
  const channels = new Set<FakeChannel>()
  let delay = messageDelayMs

  class FakeChannel {
    onmessage: ((event: MessageEvent) => void) | null = null
    #closed = false
    /** Per receiver: when the last message to it is due, so order is kept. */
    #due = new Map<FakeChannel, number>()
    constructor(readonly name: string) {
      channels.add(this)
    }
    postMessage(message: unknown): void {
      if (this.#closed) throw new DOMException('channel closed', 'InvalidStateError')
      for (const to of channels) {
        if (to === this || to.name !== this.name) continue
        const data = structuredClone(message)
        const due = Math.max(Date.now() + delay, this.#due.get(to) ?? 0)
        this.#due.set(to, due)
        setTimeout(
          () => channels.has(to) && to.onmessage?.({ data } as MessageEvent),
          due - Date.now(),
        )
      }
    }
    close(): void {
      this.#closed = true
      channels.delete(this)
    }
  }

  interface Request {
    name: string
    mode: 'shared' | 'exclusive'
    grant: () => void
  }
  const held: Request[] = []
  const queue: Request[] = []
  const grantable = (request: Request) =>
    !held.some(
      (h) => h.name === request.name && (h.mode === 'exclusive' || request.mode === 'exclusive'),
    ) &&
    !queue.some(
      (q) => q !== request && q.name === request.name && queue.indexOf(q) < queue.indexOf(request),
    )

  function pump(): void {
    for (const request of [...queue]) {
      if (!grantable(request)) continue
      queue.splice(queue.indexOf(request), 1)
      held.push(request)
      request.grant()
    }
  }

  const locks = {
    request<T>(
      name: string,
      options: { mode?: 'shared' | 'exclusive'; signal?: AbortSignal; ifAvailable?: boolean },
      callback: (lock: { name: string } | null) => T | Promise<T>,
    ): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (options.signal?.aborted) return reject(options.signal.reason)
        const request: Request = {
          name,
          mode: options.mode ?? 'exclusive',
          grant() {
            options.signal?.removeEventListener('abort', giveUp)
            Promise.resolve()
              .then(() => callback({ name }))
              .then(resolve, reject)
              .finally(() => {
                held.splice(held.indexOf(request), 1)
                pump()
              })
          },
        }
        const giveUp = () => {
          if (!queue.includes(request)) return
          queue.splice(queue.indexOf(request), 1)
          reject(options.signal?.reason)
        }
        options.signal?.addEventListener('abort', giveUp)
        queue.push(request)
        pump()
        if (options.ifAvailable && queue.includes(request)) {
          queue.splice(queue.indexOf(request), 1)
          Promise.resolve(callback(null)).then(resolve, reject)
        }
      })
    },
    async query() {
      const info = ({ name, mode }: Request) => ({ name, mode, clientId: 'fake' })
      return { held: held.map(info), pending: queue.map(info) }
    },
  }

  return {
    BroadcastChannel: FakeChannel as unknown as typeof BroadcastChannel,
    locks: locks as unknown as LockManager,
    /** Deliveries from now on take `ms` of simulated time. */
    setMessageDelay(ms: number) {
      delay = ms
    },
    /** Posts `message` on channel `name` as a tab outside the SDK would. */
    sibling(name: string) {
      return new FakeChannel(name)
    },
    /** Holds the exclusive lock `name` as a stuck tab would, until the returned function is called. */
    hold(name: string): () => void {
      let release = () => {}
      void locks.request(name, {}, () => new Promise<void>((resolve) => (release = resolve)))
      return () => release()
    },
    /** Locks held or waited for, for checks that nothing is left behind. */
    get outstanding() {
      return held.length + queue.length
    },
  }
}

export type FakeTabs = ReturnType<typeof createFakeTabs>

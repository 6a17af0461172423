import { Block } from './block'
import { h } from './dom'
import type { Exchange } from './exchange'
import type { Recorder } from './recorder'

/** Blocks kept on the page; older ones fold into one line that counts them. */
const MAX_BLOCKS = 30
/** Exchanges the SDK starts on its own this close together share a block. */
const AUTO_JOIN_MS = 1500

/**
 * The timeline: newest block on top, each block in the order things happened. An exchange
 * belongs to the block that was current when it started, even if it ends after another began.
 */
export function createTimeline(list: HTMLElement, inflight: HTMLElement, recorder: Recorder) {
  let current: Block | null = null
  let auto: Block | null = null
  const owners = new Map<number, Block>()
  const rowListeners = new Set<(exchange: Exchange, row: HTMLElement) => void>()
  let foldedCount = 0
  const folded = h('li', { class: 'folded' })

  function begin(title: string, kind: 'action' | 'auto'): Block {
    const block = new Block(title, kind)
    list.prepend(block.el)
    const blocks = list.querySelectorAll(':scope > .block')
    for (let i = MAX_BLOCKS; i < blocks.length; i++) {
      blocks[i]?.remove()
      foldedCount++
    }
    if (foldedCount > 0) {
      folded.textContent = `${foldedCount} older group${foldedCount === 1 ? '' : 's'} folded away`
      list.append(folded)
    }
    return block
  }

  function ownerOf(exchange: Exchange): Block {
    if (current) return current
    const fresh = auto && list.firstElementChild === auto.el
    if (fresh && auto && Date.now() - auto.lastActivity < AUTO_JOIN_MS) return auto
    const title =
      exchange.role === 'refresh'
        ? 'Refresh ahead of expiry (the SDK’s timer)'
        : 'Background request'
    auto = begin(title, 'auto')
    return auto
  }

  const showInflight = () => {
    inflight.textContent = owners.size === 0 ? 'idle' : `${owners.size} in flight`
  }

  recorder.onStart((exchange) => {
    const block = ownerOf(exchange)
    block.lastActivity = Date.now()
    owners.set(exchange.id, block)
    showInflight()
  })
  recorder.onEnd((exchange) => {
    const row = owners.get(exchange.id)?.add(exchange)
    owners.delete(exchange.id)
    showInflight()
    if (row) for (const listener of rowListeners) listener(exchange, row)
  })

  return {
    /** Empties the timeline (exchanges in flight still land in their blocks, off the page). */
    clear(): void {
      list.replaceChildren()
      foldedCount = 0
      auto = null
    },
    /** Called with each exchange that ends and the timeline row that shows it. */
    onRow(listener: (exchange: Exchange, row: HTMLElement) => void): () => void {
      rowListeners.add(listener)
      return () => void rowListeners.delete(listener)
    },
    /** Something this tab learned without a request of its own, e.g. from another tab. */
    event(title: string, text: string): HTMLElement {
      const block = begin(title, 'auto')
      block.note(text)
      block.finish()
      return block.el
    },
    /** Runs a user action; whatever HTTP it causes lands in its block. */
    async action<T>(title: string, run: (block: Block) => Promise<T>): Promise<T> {
      const block = begin(title, 'action')
      current = block
      try {
        return await run(block)
      } finally {
        block.finish()
        if (current === block) current = null
      }
    },
  }
}

export type Timeline = ReturnType<typeof createTimeline>

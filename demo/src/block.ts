import { clock, h } from './dom'
import type { Exchange, Role } from './exchange'
import { Row, rowKey } from './row'

export type Tone = 'ok' | 'bad' | 'info'

/**
 * A list of rows where look-alike exchanges fold into one row with a count: consecutive ones in
 * a block, all of them in a group (twenty refused requests read better as one row `×20`).
 */
class Rows {
  readonly el = h('ol', { class: 'rows' })
  private readonly rows = new Map<string, Row>()
  private last = ''

  constructor(private readonly foldAll: boolean) {}

  /** Adds `exchange` (to the row it folds into, or a new one) and returns that row's element. */
  add(exchange: Exchange): HTMLElement {
    const key = rowKey(exchange)
    const row = this.foldAll || key === this.last ? this.rows.get(key) : undefined
    if (row) {
      row.add(exchange)
      return row.el
    }
    const created = new Row(exchange)
    this.el.append(created.el)
    this.rows.set(key, created)
    this.last = key
    return created.el
  }

  /** A note or a group; the rows after it start a new run instead of folding into the one above. */
  append(element: HTMLElement): void {
    this.el.append(element)
    this.last = ''
  }
}

/**
 * 401 → refresh → replay, boxed together: the requests the server refused, the one refresh
 * they share, and their replays with the new token.
 */
class Group {
  readonly el: HTMLElement
  readonly traces = new Set<number>()
  private readonly awaiting = new Set<number>()
  private readonly rows = new Rows(true)
  private readonly title = h('strong', { text: '401 → refresh → replay' })
  private readonly summary = h('span', { class: 'summary' })
  private counts = { refused: 0, refreshes: 0, replayed: 0 }

  constructor() {
    this.el = h(
      'li',
      { class: 'group' },
      h('div', { class: 'group-head' }, this.title, this.summary),
      this.rows.el,
    )
  }

  /** Adds `exchange`; `done`: every refused request replayed, or the refresh refused. */
  add(exchange: Exchange): { row: HTMLElement; done: boolean } {
    const row = this.rows.add(exchange)
    if (exchange.role === 'replay') {
      this.counts.replayed++
      this.awaiting.delete(exchange.trace)
    } else if (exchange.role === 'refresh') {
      this.counts.refreshes++
    } else {
      this.counts.refused++
      this.traces.add(exchange.trace)
      this.awaiting.add(exchange.trace)
    }
    const refused = exchange.role === 'refresh' && exchange.status !== 200
    const { refused: n, refreshes, replayed } = this.counts
    this.summary.textContent = refused
      ? `${n} refused · the refresh token was refused too: the session is over`
      : `${n} refused · ${refreshes} refresh · ${replayed} replayed`
    if (refused) this.title.textContent = '401 → refresh → refused'
    this.el.classList.toggle('failed', refused)
    return { row, done: refused || this.awaiting.size === 0 }
  }
}

const isRefused = (e: Exchange) => e.role === 'request' && e.status === 401 && !!e.authorization

/** Everything one user action (or the SDK on its own) caused, with notes saying why. */
export class Block {
  readonly el: HTMLElement
  lastActivity = Date.now()
  private readonly rows = new Rows(false)
  private readonly groups: Group[] = []
  private open: Group | null = null
  private readonly ended = new Map<Role, number>()
  /** Every exchange that ended in this block, in the order they ended. */
  readonly exchanges: Exchange[] = []
  private readonly footer = h('p', { class: 'result' })

  constructor(title: string, kind: 'action' | 'auto') {
    this.el = h(
      'li',
      { class: `block ${kind}` },
      h(
        'header',
        { class: 'block-head' },
        h('time', { text: clock(Date.now()) }),
        h('span', { class: 'actor', text: kind === 'action' ? 'you' : 'SDK' }),
        h('strong', { text: title }),
      ),
      this.rows.el,
      this.footer,
    )
  }

  note(text: string): void {
    this.rows.append(h('li', { class: 'note', text }))
  }

  result(text: string, tone: Tone = 'ok'): void {
    this.footer.textContent = text
    this.footer.className = `result ${tone}`
  }

  /** The action is over (its requests may still be answered, and land here). */
  finish(): void {
    this.el.dataset.done = ''
  }

  /** How many exchanges of this role have finished in this block. */
  count(role: Role): number {
    return this.ended.get(role) ?? 0
  }

  /**
   * What a burst went through: API requests answered 401, refreshes, and requests the SDK held
   * back until a refresh landed (sent after it began, never refused).
   */
  tally() {
    const firstRefresh = this.exchanges.find((e) => e.role === 'refresh')
    const api = this.exchanges.filter((e) => e.role === 'request')
    return {
      refused: api.filter((e) => e.status === 401).length,
      refreshes: this.count('refresh'),
      held: firstRefresh
        ? api.filter((e) => e.status === 200 && e.startedAt >= firstRefresh.startedAt).length
        : 0,
    }
  }

  /** Adds an exchange that ended; returns the element of the row that shows it. */
  add(exchange: Exchange): HTMLElement {
    this.lastActivity = Date.now()
    this.exchanges.push(exchange)
    this.ended.set(exchange.role, this.count(exchange.role) + 1)
    const group =
      exchange.role === 'replay'
        ? this.groups.find((candidate) => candidate.traces.has(exchange.trace))
        : exchange.role === 'refresh' || isRefused(exchange)
          ? (this.open ?? (isRefused(exchange) ? this.openGroup() : undefined))
          : undefined
    if (!group) return this.rows.add(exchange)
    const { row, done } = group.add(exchange)
    if (done && group === this.open) this.open = null
    return row
  }

  private openGroup(): Group {
    const group = new Group()
    this.groups.push(group)
    this.rows.append(group.el)
    this.open = group
    return group
  }
}

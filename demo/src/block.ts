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

  add(exchange: Exchange): void {
    const key = rowKey(exchange)
    const row = this.foldAll || key === this.last ? this.rows.get(key) : undefined
    if (row) {
      row.add(exchange)
      return
    }
    const created = new Row(exchange)
    this.el.append(created.el)
    this.rows.set(key, created)
    this.last = key
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

  /** Returns whether the group is finished: every refused request replayed, or the refresh refused. */
  add(exchange: Exchange): boolean {
    this.rows.add(exchange)
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
    return refused || this.awaiting.size === 0
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

  add(exchange: Exchange): void {
    this.lastActivity = Date.now()
    this.ended.set(exchange.role, this.count(exchange.role) + 1)
    const group =
      exchange.role === 'replay'
        ? this.groups.find((candidate) => candidate.traces.has(exchange.trace))
        : exchange.role === 'refresh' || isRefused(exchange)
          ? (this.open ?? (isRefused(exchange) ? this.openGroup() : undefined))
          : undefined
    if (!group) this.rows.add(exchange)
    else if (group.add(exchange) && group === this.open) this.open = null
  }

  private openGroup(): Group {
    const group = new Group()
    this.groups.push(group)
    this.rows.append(group.el)
    this.open = group
    return group
  }
}

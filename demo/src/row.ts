import { clock, h } from './dom'
import { type Exchange, type Role, shortToken } from './exchange'

const roleLabels: Record<Role, string> = {
  request: 'API',
  replay: 'replay',
  refresh: 'refresh',
  login: 'login',
  logout: 'logout',
  control: 'mock',
}

const isAuthCall = (role: Role) => role === 'refresh' || role === 'login' || role === 'logout'

/** Consecutive exchanges with the same key share one row with a `×N` count. */
export const rowKey = (e: Exchange) => `${e.role} ${e.method} ${e.url} ${e.status}`

/** One line of the timeline: method, URL, status, and the headers the protocol turns on. */
export class Row {
  readonly el: HTMLElement
  private count = 0
  private readonly times = h('span', { class: 'times' })
  private readonly details = h('div', { class: 'details' })

  constructor(first: Exchange) {
    const status = first.status ?? 'no answer'
    this.el = h(
      'li',
      { class: `row role-${first.role} ${statusClass(first.status)}` },
      h(
        'div',
        { class: 'line' },
        h('time', { text: clock(first.startedAt) }),
        h('span', { class: 'role', text: roleLabels[first.role] }),
        h('span', { class: 'method', text: first.method }),
        h('span', { class: 'url', text: first.url }),
        h('span', { class: 'status', text: String(status) }),
        this.times,
      ),
      this.details,
    )
    this.add(first)
  }

  /** Counts one more exchange; the details show the latest one. */
  add(exchange: Exchange): void {
    this.count++
    this.times.textContent = this.count > 1 ? `×${this.count}` : ''
    this.details.replaceChildren(...chips(exchange))
  }
}

function chips(e: Exchange): HTMLElement[] {
  const list: HTMLElement[] = []
  const chip = (name: string, value: string, tone = '') =>
    list.push(h('span', { class: `chip ${tone}` }, h('b', { text: name }), ` ${value}`))

  if (e.authorization) chip('Authorization:', shortToken(e.authorization))
  else if (e.role === 'request' || e.role === 'replay') chip('Authorization:', 'none', 'muted')
  if (isAuthCall(e.role) && e.refreshCookie) {
    chip(
      'Cookie rt:',
      e.refreshCookie === 'present' ? 'sent by the browser' : 'not sent',
      e.refreshCookie === 'present' ? 'cookie' : 'muted',
    )
  }
  if (isAuthCall(e.role) && e.requestedWith) chip('X-Requested-With:', e.requestedWith, 'muted')
  for (const cookie of e.setCookies ?? []) {
    const value = cookie.cleared ? '(deleted)' : '‹new refresh token›'
    chip('Set-Cookie:', `${cookie.name}=${value}; ${cookie.attributes.join('; ')}`, 'cookie')
  }
  if (e.wwwAuthenticate) chip('WWW-Authenticate:', e.wwwAuthenticate, 'warn')
  else if (e.message && e.status !== null && e.status >= 400) chip('message:', e.message, 'warn')
  if (e.role === 'control' && e.message && e.status !== null && e.status < 400) {
    chip('server:', e.message, 'muted')
  }
  return list
}

function statusClass(status: number | null): string {
  if (status === null || status >= 500) return 'bad'
  if (status === 401) return 'refused'
  return status >= 400 ? 'bad' : 'ok'
}

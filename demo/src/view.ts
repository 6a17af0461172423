import type { Employee } from './api'
import { byId, h } from './dom'

/**
 * `restoring`: the page just loaded and asks the server whether the refresh cookie still holds
 * a session. `expired`: the server refused the refresh token; the user must sign in again.
 */
export type PageState = 'restoring' | 'signed-in' | 'signed-out' | 'expired'

export interface Identity {
  username: string
  device: string
}

/** The parts of the page that follow the session: which panels show, who is signed in, the list. */
export function createView() {
  let state: PageState = 'restoring'
  const list = byId('employees')

  function show(next: PageState, identity: Identity | null = null, reason = ''): void {
    // The last action's outcome belongs to the state it happened in.
    if (next !== state) byId('action-status').textContent = ''
    state = next
    document.body.dataset.state = next
    for (const element of document.querySelectorAll<HTMLElement>('[data-when]')) {
      element.hidden = !element.dataset.when?.split(' ').includes(next)
    }
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-needs-session]')) {
      button.disabled = next !== 'signed-in'
    }
    byId('who-user').textContent = identity?.username ?? ''
    byId('who-device').textContent = identity?.device ?? ''
    byId('expired-reason').textContent = reason
    if (next !== 'signed-in') employees(null)
  }

  function employees(rows: readonly Employee[] | null): void {
    if (!rows) {
      list.replaceChildren(h('li', { class: 'placeholder', text: 'Sign in, then load the list.' }))
      return
    }
    list.replaceChildren(
      ...rows.map((employee) =>
        h(
          'li',
          { title: employee.email },
          h('strong', { text: employee.name }),
          h('span', { text: employee.title }),
        ),
      ),
    )
  }

  return {
    get state() {
      return state
    },
    show,
    employees,
    /** The one-line outcome of the last action, read out by screen readers. */
    status(text: string): void {
      byId('action-status').textContent = text
    },
    signInError(text: string): void {
      byId('sign-in-error').textContent = text
    },
  }
}

export type View = ReturnType<typeof createView>

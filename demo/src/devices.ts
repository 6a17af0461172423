import type { AxiosInstance } from 'axios'
import type { Envelope } from './api'
import { byId, clock, h } from './dom'
import type { Timeline } from './timeline'

/** One row of `GET /api/auth/sessions`. */
interface Session {
  device: string
  current: boolean
  userAgent: string
  createdAt: string
  rotatedAt: string | null
}

const OTHER_AGENT = 'Firefox on Android (a device the mock server plays)'

/**
 * This user's devices, as the server keeps them: one refresh-token family per device. "Sign in
 * as another device" has the mock server sign in with another User-Agent (a device of its own)
 * and keep that device's cookie; revoking a device is the real `DELETE /api/auth/sessions/:id`,
 * after which the page makes the revoked device refresh once, to show the server refusing it.
 */
export function createDevices(
  api: AxiosInstance,
  mock: AxiosInstance,
  timeline: Timeline,
  credentials: () => { username: string; password: string } | null,
) {
  const list = byId('devices')
  const status = byId('devices-status')
  /** Devices the mock server plays for this page: only they can be made to refresh. */
  const played = new Set<string>()

  function load(): Promise<void> {
    return timeline.action('Load your devices', async (block) => {
      try {
        const { data } = await api.get<Envelope<Session[]>>('/api/auth/sessions')
        render(data.data)
        block.result(`${data.data.length} device${data.data.length === 1 ? '' : 's'} signed in.`)
      } catch {
        list.replaceChildren(
          h('li', { class: 'placeholder', text: 'Sign in to see your devices.' }),
        )
        block.result('No devices to show: not signed in.', 'info')
      }
    })
  }

  function render(sessions: Session[]): void {
    list.replaceChildren(
      ...sessions.map((session) =>
        h(
          'li',
          { data: { device: session.device } },
          h(
            'div',
            {},
            h('code', { text: session.device }),
            session.current ? h('span', { class: 'badge', text: 'this device' }) : null,
          ),
          h('span', { class: 'agent', text: session.userAgent }),
          h('span', {
            class: 'fine',
            text: `signed in ${clock(Date.parse(session.createdAt))}${
              session.rotatedAt ? ` · rotated ${clock(Date.parse(session.rotatedAt))}` : ''
            }`,
          }),
          session.current ? null : revokeButton(session.device),
        ),
      ),
    )
  }

  function revokeButton(device: string): HTMLButtonElement {
    const button = h('button', { class: 'danger', text: 'Revoke' })
    button.type = 'button'
    button.addEventListener('click', () => void revoke(device))
    return button
  }

  function signInOther(): Promise<void> {
    return timeline.action('Sign in as another device', async (block) => {
      const who = credentials()
      if (!who) return block.result('Sign in on this page first.', 'info')
      const { data } = await mock.post<Envelope<{ device: string }>>('/__mock/devices', {
        ...who,
        userAgent: OTHER_AGENT,
      })
      played.add(data.data.device)
      block.note(
        'The mock server signed in with another User-Agent: another device, its own refresh-token family.',
      )
      block.result(`Device ${data.data.device} signed in.`)
      status.textContent = 'Two devices now: each has its own refresh token.'
      await load()
    })
  }

  function revoke(device: string): Promise<void> {
    return timeline.action(`Revoke device ${device}`, async (block) => {
      await api.delete(`/api/auth/sessions/${device}`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      })
      block.note(
        'The server deleted that device’s refresh-token family and refused its access tokens.',
      )
      await load()
      if (!played.has(device)) return block.result(`Device ${device} revoked.`)
      const { data } = await mock.post<Envelope<{ status: number; message: string }>>(
        `/__mock/devices/${device}/refresh`,
      )
      const answer = `${data.data.status} — ${data.data.message}`
      block.result(`Device ${device} revoked. Its next refresh: ${answer}.`, 'info')
      status.textContent = `The revoked device tried to refresh: ${answer}. It must sign in again.`
    })
  }

  byId('other-device').addEventListener('click', () => void signInOther())
  byId('devices-reload').addEventListener('click', () => void load())
  return { load, clear: () => list.replaceChildren(), signInOther, revoke }
}

import { isAxiosError } from 'axios'
import { CROSS_TAB, type Employee, type Envelope } from './api'
import { type DemoContext, report } from './session-actions'

const BURST = 20

/** The buttons that put the protocol under stress. */
export function demoActions(demo: DemoContext) {
  const { api, auth, mock, timeline, view, countdown } = demo
  const username = () => demo.identity()?.username ?? ''

  function loadEmployees(): Promise<void> {
    return timeline.action('Load employees', async (block) => {
      try {
        const { data } = await api.get<Envelope<Employee[]>>('/api/employees')
        view.employees(data.data)
        block.result(`${data.data.length} employees loaded.`)
        const { refused, refreshes } = block.tally()
        view.status(
          refreshes
            ? `Loaded after ${refused ? 'a 401, ' : ''}one refresh and a replay: the user noticed nothing.`
            : `${data.data.length} employees loaded.`,
        )
      } catch (error) {
        report(block, error, view.state)
      }
    })
  }

  function burst(): Promise<void> {
    return timeline.action(`Fire ${BURST} concurrent requests`, async (block) => {
      const requests = Array.from({ length: BURST }, () => api.get('/api/employees'))
      const results = await Promise.allSettled(requests)
      const succeeded = results.filter((result) => result.status === 'fulfilled').length
      const { refused, refreshes, held } = block.tally()
      // Held: the SDK knew the token had expired and kept them back until the refresh landed.
      // Refused: it did not know (the server revoked the token), so they met a 401 and replayed.
      const text =
        `${succeeded}/${BURST} succeeded · ${held} held for the refresh · ${refused} × 401 · ` +
        `${refreshes} refresh${refreshes === 1 ? '' : 'es'}`
      block.result(text, succeeded === BURST ? 'ok' : 'bad')
      view.status(text)
    })
  }

  function expireAccess(): Promise<void> {
    return timeline.action('Expire the access token now', async (block) => {
      try {
        await mock.post('/__mock/expire-access', { username: username() })
        countdown.revoke()
        block.note(
          'The server deny-listed the access token. The SDK still holds it and does not know.',
        )
        block.result('Next request: 401 → one refresh → replay.', 'info')
        view.status('Access token revoked on the server. Load employees to watch the refresh.')
      } catch (error) {
        report(block, error, view.state)
      }
    })
  }

  /** Returns false when no refresh token of the user has been superseded yet (409). */
  async function replayStolen(): Promise<boolean> {
    try {
      await mock.post('/__mock/replay-stolen', { username: username() })
      return true
    } catch (error) {
      if (isAxiosError(error) && error.response?.status === 409) return false
      throw error
    }
  }

  function stealRefreshToken(): Promise<void> {
    return timeline.action('Simulate a stolen refresh token', async (block) => {
      try {
        block.note(
          'An attacker copied an earlier refresh token and uses it after the grace window.',
        )
        if (!(await replayStolen())) {
          block.note('No rotation yet, so no earlier token exists to steal: refreshing once first.')
          await auth.refresh()
          if (!(await replayStolen())) {
            block.result('The server found no rotated session to attack.', 'bad')
            return
          }
        }
        block.note(
          'Reuse detected: the server revoked the whole token family, on every device. The next API call:',
        )
        await api.get('/api/employees')
        block.result('The request still succeeded: the session was not revoked.', 'bad')
      } catch (error) {
        report(block, error, view.state)
      }
    })
  }

  function openTab(): Window | null {
    const tab = window.open(window.location.href, '_blank')
    view.status(
      CROSS_TAB
        ? 'Opened another tab: it asks this one for the access token instead of refreshing, and from now on the tabs share one refresh.'
        : 'Opened another tab without cross-tab (?crossTab=off): it restores the session through the refresh cookie and refreshes on its own.',
    )
    return tab
  }

  return { loadEmployees, burst, expireAccess, stealRefreshToken, openTab }
}

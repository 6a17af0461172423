import type { AxiosInstance } from 'axios'
import { isAxiosError } from 'axios'
import { isSessionExpired, type SilentRefresh } from 'silent-refresh'
import type { Envelope, TokenData } from './api'
import type { Block, Tone } from './block'
import type { Countdown } from './countdown'
import type { Timeline } from './timeline'
import type { Identity, View } from './view'

export interface DemoContext {
  api: AxiosInstance
  auth: SilentRefresh
  mock: AxiosInstance
  timeline: Timeline
  view: View
  countdown: Countdown
  /** The user and device of the last token answer (login or refresh). */
  identity(): Identity | null
}

/** A failed action as one calm sentence in its block, not an error dump. */
export function report(block: Block, error: unknown, state: View['state']): void {
  const [text, tone] = explain(error, state)
  block.result(text, tone)
}

function explain(error: unknown, state: View['state']): [string, Tone] {
  if (isSessionExpired(error)) {
    return state === 'expired'
      ? ['Session expired: the server refused the refresh token. Sign in again.', 'bad']
      : ['Not signed in: the server answered 401 and the SDK did not try a refresh.', 'info']
  }
  if (isAxiosError(error) && error.response) {
    const message = (error.response.data as Partial<Envelope<unknown>> | undefined)?.message
    return [`${error.response.status}: ${message ?? error.message}`, 'bad']
  }
  return [error instanceof Error ? error.message : String(error), 'bad']
}

/** Sign in, sign out, and the restore on page load. */
export function sessionActions(demo: DemoContext, loadEmployees: () => Promise<void>) {
  const { auth, timeline, view, countdown } = demo

  async function signIn(username: string, password: string): Promise<void> {
    view.signInError('')
    const signedIn = await timeline.action(`Sign in as ${username}`, async (block) => {
      try {
        const body = await auth.login<Envelope<TokenData>>({ username, password })
        const now = Date.now()
        countdown.set({ receivedAt: now, expiresAt: now + body.data.expiresIn })
        view.show('signed-in', { username: body.data.username, device: body.data.device })
        block.result('Signed in: access token in memory, refresh token in an HttpOnly cookie.')
        return true
      } catch (error) {
        const wrong = isAxiosError(error) && error.response?.status === 401
        if (wrong) view.signInError('Wrong username or password.')
        report(block, error, view.state)
        return false
      }
    })
    if (signedIn) await loadEmployees()
  }

  function signOut(): Promise<void> {
    return timeline.action('Sign out', async (block) => {
      try {
        await auth.logout()
        block.result('Signed out: the access token is deny-listed and the cookie deleted.')
      } catch (error) {
        report(block, error, view.state)
      }
    })
  }

  /** The access token lived in memory, so a reload lost it; the HttpOnly cookie did not. */
  async function restore(): Promise<void> {
    const restored = await timeline.action('Page load: restore the session', async (block) => {
      block.note(
        'The access token lived in memory only. Another open tab may share its token; if none does and the refresh cookie is still there, one refresh brings the session back.',
      )
      try {
        await auth.refresh()
        view.show('signed-in', demo.identity())
        block.result(
          block.count('refresh')
            ? 'Session restored through the refresh cookie.'
            : 'Session restored from another tab: it shared its access token, so no refresh was needed.',
        )
        return true
      } catch (error) {
        view.show('signed-out')
        if (!isSessionExpired(error)) report(block, error, view.state)
        else {
          // Not a failure: on a first visit there is no cookie, and the server says so.
          block.el.classList.add('no-session')
          block.result(
            'No session yet: the server found no refresh cookie. Sign in to start one.',
            'info',
          )
        }
        return false
      }
    })
    if (restored) await loadEmployees()
  }

  return { signIn, signOut, restore }
}

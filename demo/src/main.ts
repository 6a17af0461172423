import { CROSS_TAB, createClients, type Envelope, REFRESH_AHEAD_MS, type TokenData } from './api'
import { createControls } from './controls'
import { createCountdown } from './countdown'
import { demoActions } from './demo-actions'
import { createDevices } from './devices'
import { byId } from './dom'
import { challengeDescription } from './exchange'
import { createRecorder } from './recorder'
import { type DemoContext, sessionActions } from './session-actions'
import { createStats } from './stats'
import { watchTabs } from './tab-watch'
import { createTimeline } from './timeline'
import { createTour } from './tour'
import { createView, type Identity } from './view'

const recorder = createRecorder()
const { api, auth, mock } = createClients(recorder)
const timeline = createTimeline(byId('timeline'), byId('inflight'), recorder)
const view = createView()
const countdown = createCountdown(REFRESH_AHEAD_MS)
const stats = createStats()

let identity: Identity | null = null
/** Why the server last refused a refresh, from its WWW-Authenticate challenge. */
let refusal = ''

recorder.onEnd((exchange) => {
  void stats.refresh()
  const tokenAnswer = exchange.role === 'login' || exchange.role === 'refresh'
  if (tokenAnswer && exchange.status === 200) {
    const { username, device } = (exchange.body as Envelope<TokenData>).data
    identity = { username, device }
  }
  if (exchange.role === 'refresh' && exchange.status === 401) {
    refusal = challengeDescription(exchange.wwwAuthenticate) ?? exchange.message ?? ''
  }
})

// The SDK tells the page about the session; the page only draws it.
auth.on('refreshed', ({ accessToken, expiresAt, fromOtherTab }) => {
  countdown.set(expiresAt === null ? null : { receivedAt: Date.now(), expiresAt })
  if (!fromOtherTab) return
  identity = identityOf(accessToken) ?? identity
  timeline.event(
    'Token from another tab',
    'Another tab refreshed or signed in, and shared the new access token over a BroadcastChannel: this tab made no request.',
  )
  if (view.state === 'signed-out' || view.state === 'expired') {
    view.show('signed-in', identity)
    void actions.loadEmployees()
  }
})
auth.on('sessionExpired', ({ fromOtherTab }) => {
  countdown.set(null)
  devices.clear()
  if (fromOtherTab) timeline.event('Session expired in another tab', 'Its refresh was refused.')
  // On page load a refused refresh only means "nobody was signed in".
  if (view.state !== 'restoring')
    view.show('expired', null, refusal && `The server said: ${refusal}.`)
})
auth.on('loggedOut', ({ fromOtherTab }) => {
  countdown.set(null)
  devices.clear()
  if (fromOtherTab) timeline.event('Signed out in another tab', 'Logout reaches every tab.')
  view.show('signed-out')
})

/** The access token's claims name the user (`sub`) and the device (`dev`); the page never verifies them. */
function identityOf(token: string): Identity | null {
  try {
    const { sub, dev } = JSON.parse(
      atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')),
    )
    return typeof sub === 'string' && typeof dev === 'string'
      ? { username: sub, device: dev }
      : null
  } catch {
    return null
  }
}

const demo: DemoContext = { api, auth, mock, timeline, view, countdown, identity: () => identity }
const actions = demoActions(demo)
const form = byId<HTMLFormElement>('sign-in')
const credentials = () => {
  const fields = new FormData(form)
  return { username: String(fields.get('username')), password: String(fields.get('password')) }
}
const devices = createDevices(api, mock, timeline, () => (identity ? credentials() : null))
const session = sessionActions(demo, async () => {
  await actions.loadEmployees()
  await devices.load()
})
createControls(mock, view.status)

const tour = createTour(timeline, {
  auth,
  crossTab: CROSS_TAB,
  async ensureSignedIn() {
    if (view.state !== 'signed-in')
      await session.signIn(credentials().username, credentials().password)
  },
  expireAccess: actions.expireAccess,
  loadEmployees: actions.loadEmployees,
  burst: actions.burst,
  stealRefreshToken: actions.stealRefreshToken,
  openTab: actions.openTab,
})

// The tab protocol, as the page hears it: a hand-over is logged in the tab that gives its token
// too, not only in the one that takes it.
watchTabs((news) => {
  tour.observeTabs(news)
  if (news.kind === 'ask' && auth.getAccessToken())
    timeline.event(
      'Another tab asked for the session',
      'A tab opened (or is about to refresh) and asked the open tabs over the BroadcastChannel. This tab answered with its token, so the other needs no request of its own.',
    )
})

form.addEventListener('submit', (event) => {
  event.preventDefault()
  const fields = new FormData(form)
  void session.signIn(String(fields.get('username')), String(fields.get('password')))
})
const onClick = (id: string, run: () => unknown) =>
  byId(id).addEventListener('click', () => void run())
onClick('sign-out', session.signOut)
onClick('load', actions.loadEmployees)
onClick('burst', actions.burst)
onClick('expire', actions.expireAccess)
onClick('steal', actions.stealRefreshToken)
onClick('new-tab', actions.openTab)
onClick('clear-timeline', timeline.clear)

// For the devtools console (`silentRefresh.auth.refresh()`) and the end-to-end tests.
Object.assign(window, { silentRefresh: { api, auth, crossTab: CROSS_TAB } })

view.show('restoring')
// Marked when the page's own load work is over, so the two-tab tour expires the token only
// after the new tab's first request: a 401 there would start the refresh in that tab instead.
void session.restore().finally(() => (document.body.dataset.loaded = ''))

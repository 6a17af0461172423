import type { SilentRefresh } from 'silent-refresh'
import { byId, h } from './dom'
import type { Exchange } from './exchange'
import type { TabNews } from './tab-watch'
import type { Timeline } from './timeline'

/** What a step waits for: an exchange that ends, or something the page learns otherwise. */
export type Happening =
  | { kind: 'exchange'; exchange: Exchange; row: HTMLElement }
  | { kind: 'sessionExpired' }
  | { kind: 'tab'; news: TabNews }

interface Step {
  title: string
  /** One or two sentences on why it is done that way. */
  why: string
  seen(happening: Happening): boolean
}

interface Tour {
  name: string
  steps: Step[]
  /** Sets the scene (a sign-in, a revoked token); nothing it causes is taken for a step. */
  prepare(): Promise<void>
  /** Drives the page through the story; the steps are matched to what actually happens. */
  run(): Promise<void>
}

const exchange = (test: (e: Exchange) => boolean) => (happening: Happening) =>
  happening.kind === 'exchange' && test(happening.exchange)
const tab = (test: (news: TabNews) => boolean) => (happening: Happening) =>
  happening.kind === 'tab' && test(happening.news)
const api = (e: Exchange) => e.role === 'request' && e.url === '/api/employees'
const refreshed = (e: Exchange) => e.role === 'refresh' && e.status === 200

/** The actions the tours drive, all of them the page's own buttons. */
export interface TourActions {
  auth: SilentRefresh
  ensureSignedIn(): Promise<void>
  expireAccess(): Promise<void>
  loadEmployees(): Promise<void>
  burst(): Promise<void>
  stealRefreshToken(): Promise<void>
  openTab(): Window | null
  crossTab: boolean
}

/**
 * The walk-through: the protocol's steps, each ticked off on the real request of the timeline
 * as it happens (the row gets the step's number), with why it is done that way.
 */
export function createTour(timeline: Timeline, actions: TourActions) {
  const panel = byId('tour-steps')
  const status = byId('tour-status')
  let active: { tour: Tour; next: number; items: HTMLElement[] } | null = null

  const tours: Record<string, Tour> = {
    refresh: {
      name: 'The access token expires: 401 → refresh → replay',
      steps: [
        {
          title: 'The request goes out with the access token',
          why: 'The SDK attaches the token from memory when the request is sent: the app never handles it.',
          seen: exchange((e) => api(e) && !!e.authorization),
        },
        {
          title: 'The server finds the token expired',
          why: 'It checks the signature, the expiry and the deny-list. Here the dev control expired it early, as a revocation would: the SDK cannot know.',
          seen: exchange((e) => api(e) && e.status === 401),
        },
        {
          title: 'It answers 401 with WWW-Authenticate: invalid_token',
          why: 'A 401 for a token, not for the user: the SDK catches it, the app never sees it.',
          seen: exchange((e) => api(e) && !!e.wwwAuthenticate?.includes('invalid_token')),
        },
        {
          title: 'The SDK calls the refresh endpoint; the browser adds the cookie',
          why: 'The refresh token is an HttpOnly cookie scoped to /api/auth: no script can read it, not even this page.',
          seen: exchange((e) => e.role === 'refresh' && e.refreshCookie === 'present'),
        },
        {
          title: 'The server checks the stored refresh token',
          why: 'One record per user and device holds the current token of the family: only that one rotates.',
          seen: exchange(refreshed),
        },
        {
          title: 'It issues a new pair: rotation',
          why: 'A new refresh token every time, so a copied one is good for one use at most.',
          seen: exchange(refreshed),
        },
        {
          title: 'It replaces the stored token',
          why: 'The previous one is kept only to answer a late twin within the grace window; later it means theft.',
          seen: exchange(refreshed),
        },
        {
          title: 'It sets the new cookie',
          why: 'Set-Cookie: HttpOnly, Path=/api/auth, SameSite=Strict, with the family’s remaining life.',
          seen: exchange((e) => refreshed(e) && !!e.setCookies?.some((c) => !c.cleared)),
        },
        {
          title: 'It returns the new access token',
          why: 'In the body, with its lifetime: the SDK keeps it in memory only.',
          seen: exchange((e) => refreshed(e) && typeof e.body === 'object'),
        },
        {
          title: 'The SDK replays the request; the user notices nothing',
          why: 'Every request that waited or was refused is sent again once, with the new token.',
          seen: exchange((e) => e.role === 'replay' && e.status === 200),
        },
      ],
      async prepare() {
        await actions.ensureSignedIn()
        await actions.expireAccess()
      },
      run: () => actions.loadEmployees(),
    },
    theft: {
      name: 'A stolen refresh token: reuse detected, the family revoked',
      steps: [
        {
          title: 'A normal refresh rotates the token',
          why: 'The old refresh token is now superseded; the browser holds the new one.',
          seen: exchange(refreshed),
        },
        {
          title: 'An attacker presents the superseded token, after the grace window',
          why: 'A copied cookie, used later: the server cannot tell thief from user, but it knows the token was already replaced.',
          seen: exchange((e) => e.role === 'control' && e.url.endsWith('/replay-stolen')),
        },
        {
          title: 'Reuse detected: the whole family is revoked',
          why: 'Every token the family issued stops working, access tokens included (RFC 9700 §4.14.2).',
          seen: exchange(
            (e) =>
              e.url.endsWith('/replay-stolen') &&
              ((e.body as { data?: { revokedFamilies?: number } })?.data?.revokedFamilies ?? 0) > 0,
          ),
        },
        {
          title: 'The next request gets 401',
          why: 'Its access token belongs to the revoked family.',
          seen: exchange((e) => api(e) && e.status === 401),
        },
        {
          title: 'The SDK refreshes with its current token: refused too',
          why: 'The family is gone, so the real user’s token is dead as well: both must sign in again.',
          seen: exchange((e) => e.role === 'refresh' && e.status === 401),
        },
        {
          title: 'The session ends: sign in again',
          why: 'sessionExpired fires once; every tab hears of it.',
          seen: (happening) => happening.kind === 'sessionExpired',
        },
      ],
      prepare: () => actions.ensureSignedIn(),
      async run() {
        await actions.auth.refresh()
        await actions.stealRefreshToken()
      },
    },
    tabs: {
      name: 'Two tabs: one refresh for both',
      steps: [
        {
          title: 'A new tab asks the open tabs for the session',
          why: 'Its access token lived in memory of another page; a BroadcastChannel reaches the tabs of this origin.',
          seen: tab((news) => news.kind === 'ask'),
        },
        {
          title: 'This tab answers with its token: the new tab makes no request',
          why: 'Only a usable token is handed over; with no tab open, the new one would refresh through the cookie.',
          seen: tab((news) => news.kind === 'answer' && !!news.token),
        },
        {
          title: 'A burst here: one refresh, holding the Web Lock',
          why: 'The lock lets one tab refresh at a time; the other tab waits for it instead of refreshing too.',
          seen: exchange(refreshed),
        },
        {
          title: 'This tab tells the other the new token',
          why: 'Over the same channel: the other tab takes it, with no request of its own.',
          seen: tab((news) => news.kind === 'tell' && !!news.token),
        },
      ],
      prepare: () => actions.ensureSignedIn(),
      async run() {
        const other = actions.openTab()
        await waitFor(
          () => (active?.next ?? 0) >= 2 && other?.document.body?.dataset.loaded !== undefined,
          10_000,
        )
        await actions.expireAccess()
        await actions.burst()
      },
    },
  }

  /** Ticks off the steps `happening` shows, in order; a step matched to a row marks the row. */
  function observe(happening: Happening): void {
    if (!active) return
    const { tour, items } = active
    while (active.next < tour.steps.length && tour.steps[active.next]?.seen(happening)) {
      const index = active.next++
      items[index]?.classList.add('done')
      if (happening.kind === 'exchange') markRow(happening.row, index + 1)
    }
    for (const [i, item] of items.entries()) item.classList.toggle('current', i === active.next)
  }

  async function start(name: string): Promise<void> {
    const tour = tours[name]
    if (!tour) return
    if (name === 'tabs' && !actions.crossTab) {
      status.textContent =
        'Cross-tab is off (Controls): each tab refreshes on its own. Turn it on to take this tour.'
      return
    }
    const items = tour.steps.map((step, i) =>
      h('li', {}, h('strong', { text: `${i + 1}. ${step.title}` }), h('span', { text: step.why })),
    )
    panel.replaceChildren(...items)
    byId('tour-title').textContent = tour.name
    delete document.body.dataset.tour
    active = null
    status.textContent = 'Setting the scene…'
    try {
      await tour.prepare()
      active = { tour, next: 0, items }
      items[0]?.classList.add('current')
      status.textContent =
        'Running: each step is ticked when its request happens, and its number appears on that row of the timeline.'
      await tour.run()
    } catch {
      // A failed action says why in its own timeline block.
    }
    await waitFor(() => (active?.next ?? 0) >= tour.steps.length, 3_000)
    const missing = tour.steps.length - (active?.next ?? 0)
    status.textContent = missing
      ? `Stopped with ${missing} step(s) not seen. The timeline shows what happened instead.`
      : 'Done: every step happened, and the timeline shows each on its real request.'
    document.body.dataset.tour = missing ? 'incomplete' : 'done'
  }

  timeline.onRow((e, row) => observe({ kind: 'exchange', exchange: e, row }))
  actions.auth.on('sessionExpired', () => observe({ kind: 'sessionExpired' }))
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-tour]'))
    button.addEventListener('click', () => void start(button.dataset.tour ?? ''))

  return { observeTabs: (news: TabNews) => observe({ kind: 'tab', news }), start }
}

/** Puts a step's number on the timeline row it happened on (`data-steps` lists them all). */
function markRow(row: HTMLElement, step: number): void {
  row.dataset.steps = [row.dataset.steps, step].filter(Boolean).join(' ')
  let marks = row.querySelector<HTMLElement>('.step-marks')
  if (!marks) {
    marks = h('span', { class: 'step-marks' })
    row.querySelector('.line')?.append(marks)
  }
  marks.textContent = `step ${row.dataset.steps.replaceAll(' ', ', ')}`
}

/** Resolves when `done()` holds (checked every 100 ms), or after `ms`. */
function waitFor(done: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now()
    const timer = setInterval(() => {
      if (!done() && Date.now() - started < ms) return
      clearInterval(timer)
      resolve()
    }, 100)
  })
}

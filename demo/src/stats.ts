import { byId, h } from './dom'

/** The counters of `GET /__mock/stats` worth watching, with what each one means. */
const shown = [
  ['refreshes', 'refreshes', 'successful refresh answers'],
  ['rotations', 'rotations', 'refreshes that issued a new refresh token'],
  ['graceReuses', 'grace reuses', 'the previous token came back within the grace window'],
  ['reuseDetected', 'reuse detections', 'a superseded token came back late: family revoked'],
  ['logins', 'logins', 'successful sign-ins'],
  ['apiUnauthorized', 'API 401s', 'requests to the API refused for their access token'],
  [
    'refreshRefused',
    'refused refreshes',
    'refresh calls answered 401: no, a revoked or a reused token',
  ],
] as const

type Key = (typeof shown)[number][0]

const POLL_MS = 1000

/**
 * Server-side counters, polled with plain `fetch` so the polling stays out of the timeline.
 * `refresh()` asks again at once, e.g. after each exchange.
 */
export function createStats() {
  const values = new Map<Key, HTMLElement>()
  byId('stats').replaceChildren(
    ...shown.map(([key, label, meaning]) => {
      const value = h('span', { class: 'value', text: '–', data: { stat: key } })
      values.set(key, value)
      return h('div', { class: 'stat', title: meaning }, value, h('span', { text: label }))
    }),
  )

  let running = false
  let again = false
  async function load(): Promise<void> {
    try {
      const response = await fetch('/__mock/stats', { cache: 'no-store' })
      const { data } = (await response.json()) as {
        data: Partial<Record<Key | 'unauthorized', number>>
      }
      // The server counts every 401; the refused refreshes are among them.
      data.apiUnauthorized = (data.unauthorized ?? 0) - (data.refreshRefused ?? 0)
      for (const [key, element] of values) element.textContent = String(data[key] ?? '–')
    } catch {
      // The dev server is gone or restarting; the next poll tries again.
    }
  }
  // One request at a time; a call meanwhile asks once more afterwards, so no change is missed.
  async function refresh(): Promise<void> {
    if (running) {
      again = true
      return
    }
    running = true
    do {
      again = false
      await load()
    } while (again)
    running = false
  }

  setInterval(refresh, POLL_MS)
  void refresh()
  return { refresh }
}

import { byId } from './dom'

/** The current access token's life, as the SDK measures it (from when its answer arrived). */
export interface TokenLife {
  receivedAt: number
  expiresAt: number
}

/** The SDK's rule (src/core/refresh-ahead.ts): no timer for tokens living under a second. */
const MIN_LIFETIME_MS = 1000

/**
 * When the SDK's timer will refresh: `aheadMs` before expiry, but never more than half the
 * token's life ahead, so a short-lived token is not refreshed back to back.
 */
export function plannedRefresh({ receivedAt, expiresAt }: TokenLife, aheadMs: number) {
  const lifetime = expiresAt - receivedAt
  return lifetime < MIN_LIFETIME_MS ? null : expiresAt - Math.min(aheadMs, lifetime / 2)
}

export function formatSeconds(ms: number): string {
  const seconds = Math.max(0, ms) / 1000
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')} min`
}

/** The live countdown of the access token and of the next planned refresh. */
export function createCountdown(aheadMs: number | false) {
  const remaining = byId('at-remaining')
  const fill = byId('at-fill')
  const state = byId('at-state')
  const next = byId('next-refresh')
  let life: TokenLife | null = null
  let revoked = false

  byId('ahead-rule').textContent =
    aheadMs === false
      ? 'refreshAheadMs: false — no timer: the SDK refreshes once the token has expired.'
      : `refreshAheadMs: ${aheadMs} — the SDK refreshes ${aheadMs / 1000} s before expiry, ` +
        'at most half the token’s life ahead.'

  function render(): void {
    const now = Date.now()
    if (!life) {
      remaining.textContent = '—'
      fill.style.width = '0%'
      state.textContent = 'No access token in memory.'
      next.textContent = '—'
      return
    }
    const left = life.expiresAt - now
    remaining.textContent = formatSeconds(left)
    fill.style.width = `${Math.max(0, Math.min(100, (left / (life.expiresAt - life.receivedAt)) * 100))}%`
    fill.parentElement?.classList.toggle('revoked', revoked)
    state.textContent = revoked
      ? 'Revoked by the server. The SDK still holds it, so the next request gets a 401.'
      : left > 0
        ? 'Held in memory only, sent as Authorization: Bearer.'
        : 'Expired: the next request waits for a refresh instead of failing.'
    const planned = aheadMs === false ? null : plannedRefresh(life, aheadMs)
    next.textContent =
      planned === null
        ? `no timer (${aheadMs === false ? 'refresh-ahead off' : 'token too short-lived'})`
        : planned > now
          ? `in ${formatSeconds(planned - now)}`
          : 'due now'
  }

  setInterval(render, 100)
  render()
  return {
    set(current: TokenLife | null): void {
      life = current
      revoked = false
      render()
    },
    revoke(): void {
      revoked = true
      render()
    },
  }
}

export type Countdown = ReturnType<typeof createCountdown>

import type { Session } from './session'

/** Tokens living shorter than this are not refreshed ahead; the pre-emptive and 401 paths cover them. */
const MIN_LIFETIME_MS = 1000
/** setTimeout overflows above 2^31-1 ms (~24.8 days) and would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1

/**
 * Refreshes `aheadMs` before expiry (at most half the token's life ahead, so a short-lived token
 * is not refreshed back to back). `check()` re-plans after every session change and whenever
 * `onWake` says the page may have slept (timers are throttled in background tabs). After
 * `dispose()` the owner stops calling `check()`.
 */
export function createRefreshAhead(
  session: Session,
  refresh: () => Promise<unknown>,
  aheadMs: number,
  onWake: (check: () => void) => () => void,
) {
  let timer: ReturnType<typeof setTimeout> | undefined

  function check(): void {
    clearTimeout(timer)
    const { expiresAt, receivedAt } = session
    const lifetime = (expiresAt ?? 0) - receivedAt
    if (!session.token || lifetime < MIN_LIFETIME_MS) return
    const delay = (expiresAt ?? 0) - Math.min(aheadMs, lifetime / 2) - Date.now()
    // Failures are reported through the refresher's events; the next request tries again.
    if (delay <= 0) refresh().catch(() => {})
    else timer = setTimeout(check, Math.min(delay, MAX_DELAY_MS))
  }

  const unsubscribe = onWake(check)
  return {
    check,
    dispose(): void {
      clearTimeout(timer)
      unsubscribe()
    },
  }
}

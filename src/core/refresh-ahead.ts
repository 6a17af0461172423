/** Tokens living shorter than this are not refreshed ahead; the pre-emptive and 401 paths cover them. */
const MIN_LIFETIME_MS = 1000
/** setTimeout overflows above 2^31-1 ms (~24.8 days) and would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1

/**
 * Refreshes `aheadMs` before expiry (at most half the token's remaining life ahead, so a
 * short-lived token is not refreshed back to back). `plan()` is told of every session change;
 * `onWake` re-checks when the page may have slept (timers are throttled in background tabs).
 */
export function createRefreshAhead(
  refresh: () => Promise<unknown>,
  aheadMs: number,
  onWake: (check: () => void) => () => void,
) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let refreshAt = 0

  function check(): void {
    clearTimeout(timer)
    const delay = refreshAt - Date.now()
    // Failures are reported through the session's events; the next request tries again.
    if (!refreshAt) return
    if (delay <= 0) refresh().catch(() => {})
    else timer = setTimeout(check, Math.min(delay, MAX_DELAY_MS))
  }

  const unsubscribe = onWake(check)
  return {
    /** `expiresAt`: the current token's expiry, null when there is none or it is unknown. */
    plan(expiresAt: number | null): void {
      const lifetime = (expiresAt ?? 0) - Date.now()
      refreshAt =
        expiresAt === null || lifetime < MIN_LIFETIME_MS
          ? 0
          : expiresAt - Math.min(aheadMs, lifetime / 2)
      check()
    },
    dispose(): void {
      refreshAt = 0
      clearTimeout(timer)
      unsubscribe()
    },
  }
}

// `visibilitychange` is fired at the document and bubbles to the window.
const wakeEvents = ['visibilitychange', 'online', 'focus']

/**
 * Calls `check` when the page may have slept: shown again, back online, focused. Background tabs
 * throttle or freeze timers, so the refresh-ahead timer alone can be late. A `check` on hiding is
 * harmless: it only re-plans.
 */
export function onPageWake(check: () => void): () => void {
  if (typeof window === 'undefined') return () => {}
  for (const name of wakeEvents) window.addEventListener(name, check)
  return () => {
    for (const name of wakeEvents) window.removeEventListener(name, check)
  }
}

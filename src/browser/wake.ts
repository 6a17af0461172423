/**
 * Calls `check` when the page comes back: visible again, online again or focused.
 * Background tabs throttle or freeze timers, so the refresh-ahead timer alone can be late.
 */
export function onPageWake(check: () => void): () => void {
  if (typeof document === 'undefined') return () => {}
  const onEvent = () => document.visibilityState === 'visible' && check()
  const targets = [
    [document, 'visibilitychange'],
    [window, 'online'],
    [window, 'focus'],
  ] as const
  for (const [target, name] of targets) target.addEventListener(name, onEvent)
  return () => {
    for (const [target, name] of targets) target.removeEventListener(name, onEvent)
  }
}

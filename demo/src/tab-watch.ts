/** The channel the SDK's tabs talk on (src/browser/cross-tab.ts names it after the refresh URL). */
export const SESSION_CHANNEL = 'silent-refresh /api/auth/refresh'

export type TabNews =
  /** A tab (a page just loaded, or one about to refresh) asked the open tabs for the session. */
  | { kind: 'ask' }
  /** A tab answered an ask: with a usable session, or with nothing (`token` null). */
  | { kind: 'answer'; token: string | null }
  /** A tab told the others its session changed: a new token, or an end. */
  | { kind: 'tell'; token: string | null; ended: boolean }

/**
 * Listens in on the SDK's tab protocol, for the page to show: a BroadcastChannel of its own on
 * the SDK's channel hears every tab's messages, this tab's SDK included (a channel hears every
 * other channel of its name, in this tab or another). The SDK works the same without it.
 */
export function watchTabs(onNews: (news: TabNews) => void): void {
  if (typeof BroadcastChannel !== 'function') return
  const channel = new BroadcastChannel(SESSION_CHANNEL)
  channel.onmessage = ({ data }: MessageEvent) => {
    const message = data as {
      ask?: number
      re?: number
      session?: { status?: string; token?: string } | false
    } | null
    if (message?.ask !== undefined) return onNews({ kind: 'ask' })
    const session = message?.session || null
    const token = session?.status === 'active' ? (session.token ?? null) : null
    if (message?.re !== undefined) onNews({ kind: 'answer', token })
    else if (message && 'session' in message)
      onNews({ kind: 'tell', token, ended: session?.status === 'ended' })
  }
}

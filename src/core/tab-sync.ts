/**
 * What the tabs of one origin tell each other about the session they share through the refresh
 * cookie: a new access token, the end of the session, or "does anyone have a token?". A token
 * carries when it was obtained (`at`, `Date.now()`), so one that arrives after the session ended
 * (or comes from a sibling that has not heard of the end yet) cannot sign a tab back in.
 */
export type TabMessage =
  | { type: 'token'; accessToken: string; expiresAt: number | null; at: number }
  | { type: 'ask' | 'loggedOut' | 'expired' }

/** How a session reaches its sibling tabs; `soloTab` when there are none to reach. */
export interface TabSync {
  /** Whether `post` reaches anyone, so asking the siblings is worth a wait. */
  connected: boolean
  /**
   * Runs `task` holding the refresh lock the tabs share. `waited` is true when another tab held
   * it first: that tab has just refreshed, and its token may still be on its way. `stop` gives up
   * waiting for the lock (the task then runs at once, without it).
   */
  exclusive<T>(task: (waited: boolean) => Promise<T>, stop?: AbortSignal): Promise<T>
  post(message: TabMessage): void
  dispose(): void
}

/** Connects a session to its siblings; `receive` gets every message they post. */
export type ConnectTabs = (receive: (message: TabMessage) => void) => TabSync

export const soloTab: ConnectTabs = () => ({
  connected: false,
  exclusive: (task) => task(false),
  post() {},
  dispose() {},
})

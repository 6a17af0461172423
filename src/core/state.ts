/**
 * The session, as one value that only `session.ts` replaces:
 *
 * | status    | means                                                  | becomes                                              |
 * | --------- | ------------------------------------------------------ | ---------------------------------------------------- |
 * | `unknown` | no token yet (a page load); a refresh cookie may exist | `active` (login, setSession, refresh, a sibling's token), `ended` |
 * | `active`  | a token, its expiry if known, when it was asked for (`at`) | a newer `active`, `ended`                            |
 * | `ended`   | logged out, refused (expired) or cleared, and when     | `active` (login, setSession, an explicit `refresh()`) |
 *
 * Each change makes a new object, so "is the session the one I saw" is `state === seen`, and
 * "can I use it" is `usable(state)`: a new state may be newer and still dead (a token given with
 * a past expiry, a sibling's token that expired on the way). Tabs send each other these values
 * as they are, and order them by `time()`.
 */
export type SessionState =
  | { status: 'unknown'; refreshToken?: string }
  | {
      status: 'active'
      token: string
      /** Epoch ms; null when unknown (no `expiresIn`, no JWT `exp`). */
      expiresAt: number | null
      /**
       * When the call that obtained the token was sent (for `setSession`, when it was called):
       * a refresh sent before a login or a logout cannot override it, in any tab.
       */
      at: number
      /** Only where the server returns the refresh token in the body (OAuth); cookies stay in the browser. */
      refreshToken?: string
    }
  | { status: 'ended'; at: number; reason: EndReason }

export type EndReason = 'loggedOut' | 'expired' | 'cleared'

/** The token of an active session whose expiry has not passed; undefined otherwise. */
export const usable = (state: SessionState): string | undefined =>
  state.status === 'active' && (state.expiresAt ?? Infinity) > Date.now() ? state.token : undefined

/** The access token, usable or not; null without one. */
export const tokenOf = (state: SessionState) => (state.status === 'active' ? state.token : null)

/** Where a state stands in time: when its token was asked for, or when it ended. */
export const time = (state: SessionState) => (state as { at?: number }).at ?? -Infinity

import type { MockStore } from './store.js'

/** Counters served by `GET /__mock/stats`. */
export interface MockStats {
  /** Successful logins. */
  logins: number
  /** Successful refresh answers, rotations and grace answers alike. */
  refreshes: number
  /** Refreshes that issued a new refresh token. */
  rotations: number
  /** Refreshes answered from the grace window with the already-issued token. */
  graceReuses: number
  /** Refresh tokens presented after they were superseded: the family was revoked. */
  reuseDetected: number
  /** Every 401 answer, refused refreshes included. */
  unauthorized: number
  /** Refresh calls answered 401: no, an invalid, expired, revoked or reused refresh token. */
  refreshRefused: number
  logouts: number
}

const STATS_KEY = 'mock:stats'

/** The counters, kept in the store, so instances that share it count together. */
export const createStats = (store: MockStore) => ({
  count: (name: keyof MockStats) => store.add(STATS_KEY, name, 1),
  async read(): Promise<MockStats> {
    return {
      logins: 0,
      refreshes: 0,
      rotations: 0,
      graceReuses: 0,
      reuseDetected: 0,
      unauthorized: 0,
      refreshRefused: 0,
      logouts: 0,
      ...(await store.counts(STATS_KEY)),
    }
  },
})

export type Stats = ReturnType<typeof createStats>

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
  /** Every 401 answer. */
  unauthorized: number
  logouts: number
}

export const emptyStats = (): MockStats => ({
  logins: 0,
  refreshes: 0,
  rotations: 0,
  graceReuses: 0,
  reuseDetected: 0,
  unauthorized: 0,
  logouts: 0,
})

/** A refresh token's id and JWT issue time, enough to re-derive the token (see `signRefresh`). */
export interface TokenRef {
  jti: string
  iat: number
}

/**
 * One refresh-token family (one login's chain of rotations): one record per user per device,
 * stored at `rt:{userId}:{device}`. Times in ms except `TokenRef.iat` and `accessExp` (JWT seconds).
 */
export interface RtRecord {
  userId: string
  username: string
  device: string
  userAgent: string
  family: string
  current: TokenRef
  previous: TokenRef | null
  createdAt: number
  rotatedAt: number | null
  /** Absolute end of the family; rotation never moves it. */
  expiresAt: number
  /** How many access tokens the family has issued; each carries its number (`seq`). */
  accessSeq: number
  /** The newest access token's `exp`: a revocation of the family must outlive it. */
  accessExp: number
}

export const rtKey = (userId: string, device: string) => `rt:${userId}:${device}`
export const userRtPrefix = (userId: string) => `rt:${userId}:`
/** A revoked family: its access tokens numbered below the stored `seq` are refused. */
export const denyKey = (family: string) => `bl:${family}`

/** Refresh-token JWT `exp` (seconds) for a record: never later than the record itself. */
export const refreshExp = (record: RtRecord) => Math.floor(record.expiresAt / 1000)

import type { AccessClaims } from './tokens.js'

/** A token's id and JWT issue time, enough to re-derive the token (see `signRefresh`). */
export interface TokenRef {
  jti: string
  iat: number
}

/**
 * One refresh-token family: one record per user per device, stored at `auth:rt:{userId}:{device}`.
 * Times in ms except `TokenRef.iat` and `accessTokens[].exp` (JWT seconds).
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
  /** Access tokens issued to this family that may still be live, so revocation can deny-list them. */
  accessTokens: Array<Pick<AccessClaims, 'jti' | 'exp'>>
}

export const rtKey = (userId: string, device: string) => `auth:rt:${userId}:${device}`
export const userRtPrefix = (userId: string) => `auth:rt:${userId}:`
export const denyKey = (jti: string) => `auth:bl:${jti}`

/** Keeps the list bounded: drops expired entries and all but the newest `MAX_TRACKED`. */
const MAX_TRACKED = 100

export function trackAccess(
  record: RtRecord,
  access: AccessClaims,
  nowMs: number,
): RtRecord['accessTokens'] {
  const live = record.accessTokens.filter((token) => token.exp * 1000 > nowMs)
  return [...live, { jti: access.jti, exp: access.exp }].slice(-MAX_TRACKED)
}

/** Refresh-token JWT `exp` (seconds) for a record: never later than the record itself. */
export const refreshExp = (record: RtRecord) => Math.floor(record.expiresAt / 1000)

import type { Deps } from './deps.js'
import type { RtRecord } from './records.js'
import { denyKey, refreshExp, rtKey, trackAccess, userRtPrefix } from './records.js'
import type { AccessClaims } from './tokens.js'
import type { ResolvedUser } from './users.js'

/** What a successful login or refresh hands to the route to sign and send. */
export interface Issued {
  record: RtRecord
  access: AccessClaims
}

export const seconds = (ms: number) => Math.floor(ms / 1000)

/** New access-token claims; `exp` rounds up so the token lives at least `accessTtlMs`. */
export function newAccess(deps: Deps, userId: string, device: string): AccessClaims {
  const now = deps.now()
  const exp = Math.ceil((now + deps.config.current.accessTtlMs) / 1000)
  return { sub: userId, jti: crypto.randomUUID(), dev: device, iat: seconds(now), exp }
}

/** Login: a new family for this user and device, replacing any earlier one. */
export async function startSession(
  deps: Deps,
  user: ResolvedUser,
  device: string,
  userAgent: string,
): Promise<Issued> {
  const now = deps.now()
  const { refreshTtlMs } = deps.config.current
  const access = newAccess(deps, user.id, device)
  const record: RtRecord = {
    userId: user.id,
    username: user.username,
    device,
    userAgent: userAgent.slice(0, 300),
    family: crypto.randomUUID(),
    current: { jti: crypto.randomUUID(), iat: seconds(now) },
    previous: null,
    createdAt: now,
    rotatedAt: null,
    expiresAt: now + refreshTtlMs,
    accessTokens: [],
  }
  record.accessTokens = trackAccess(record, access, now)
  await deps.store.set(rtKey(user.id, device), record, refreshTtlMs)
  deps.stats.logins++
  return { record, access }
}

/** Signs the access token and re-derives the record's current refresh token. */
export async function signIssued(deps: Deps, { record, access }: Issued) {
  const { current, family, device, userId } = record
  const refresh = {
    sub: userId,
    jti: current.jti,
    fam: family,
    dev: device,
    iat: current.iat,
    exp: refreshExp(record),
  }
  const [accessToken, refreshToken] = await Promise.all([
    deps.tokens.signAccess(access),
    deps.tokens.signRefresh(refresh),
  ])
  return { accessToken, refreshToken }
}

/** Deny-lists an access token until it would have expired anyway. */
export async function denyAccess(
  deps: Deps,
  token: Pick<AccessClaims, 'jti' | 'exp'>,
): Promise<void> {
  const ttlMs = token.exp * 1000 + deps.options.clockToleranceMs - deps.now()
  if (ttlMs > 0) await deps.store.set(denyKey(token.jti), true, ttlMs)
}

export async function isDenied(deps: Deps, jti: string): Promise<boolean> {
  return (await deps.store.get<boolean>(denyKey(jti))) === true
}

/** Ends a family: its record goes and every access token it handed out stops working. */
export async function revokeRecord(deps: Deps, record: RtRecord): Promise<void> {
  await deps.store.delete(rtKey(record.userId, record.device))
  await Promise.all(record.accessTokens.map((token) => denyAccess(deps, token)))
}

export async function listRecords(deps: Deps, userId: string): Promise<RtRecord[]> {
  const keys = await deps.store.keys(userRtPrefix(userId))
  const records = await Promise.all(keys.map((key) => deps.store.get<RtRecord>(key)))
  return records.filter((record): record is RtRecord => record !== undefined)
}

import type { Core } from './core.js'
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
export function newAccess(core: Core, userId: string, device: string): AccessClaims {
  const now = core.now()
  const exp = Math.ceil((now + core.config.current.accessTtlMs) / 1000)
  return { sub: userId, jti: crypto.randomUUID(), dev: device, iat: seconds(now), exp }
}

/** Login: a new family for this user and device, replacing any earlier one. */
export async function startSession(
  core: Core,
  user: ResolvedUser,
  device: string,
  userAgent: string,
): Promise<Issued> {
  const now = core.now()
  const { refreshTtlMs } = core.config.current
  const access = newAccess(core, user.id, device)
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
  await core.store.set(rtKey(user.id, device), record, refreshTtlMs)
  core.stats.logins++
  return { record, access }
}

/** Signs the access token and re-derives the record's current refresh token. */
export async function signIssued(core: Core, { record, access }: Issued) {
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
    core.tokens.signAccess(access),
    core.tokens.signRefresh(refresh),
  ])
  return { accessToken, refreshToken }
}

/** Deny-lists an access token until it would have expired anyway. */
export async function denyAccess(
  core: Core,
  token: Pick<AccessClaims, 'jti' | 'exp'>,
): Promise<void> {
  const ttlMs = token.exp * 1000 + core.options.clockToleranceMs - core.now()
  if (ttlMs > 0) await core.store.set(denyKey(token.jti), true, ttlMs)
}

export async function isDenied(core: Core, jti: string): Promise<boolean> {
  return (await core.store.get<boolean>(denyKey(jti))) === true
}

/** Ends a family: its record goes and every access token it handed out stops working. */
export async function revokeRecord(core: Core, record: RtRecord): Promise<void> {
  await core.store.delete(rtKey(record.userId, record.device))
  await Promise.all(record.accessTokens.map((token) => denyAccess(core, token)))
}

export async function listRecords(core: Core, userId: string): Promise<RtRecord[]> {
  const keys = await core.store.keys(userRtPrefix(userId))
  const records = await Promise.all(keys.map((key) => core.store.get<RtRecord>(key)))
  return records.filter((record): record is RtRecord => record !== undefined)
}

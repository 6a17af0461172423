import type { RuntimeConfig } from './config.js'
import type { Deps } from './deps.js'
import { denyKey, type RtRecord, refreshExp, rtKey, userRtPrefix } from './records.js'
import type { AccessClaims } from './tokens.js'
import type { ResolvedUser } from './users.js'

/** What a successful login or refresh hands to the route to sign and send. */
export interface Issued {
  record: RtRecord
  access: AccessClaims
}

export const seconds = (ms: number) => Math.floor(ms / 1000)

/**
 * The family's next access token: numbered after the last one, its `exp` rounded up so it
 * lives at least `accessTtlMs`. Returns the record that counts it.
 */
export function issueAccess(record: RtRecord, nowMs: number, config: RuntimeConfig): Issued {
  const exp = Math.ceil((nowMs + config.accessTtlMs) / 1000)
  const next = {
    ...record,
    accessSeq: record.accessSeq + 1,
    accessExp: Math.max(record.accessExp, exp),
  }
  const access: AccessClaims = {
    sub: record.userId,
    jti: crypto.randomUUID(),
    dev: record.device,
    fam: record.family,
    seq: next.accessSeq,
    iat: seconds(nowMs),
    exp,
  }
  return { record: next, access }
}

/**
 * Login: a new family for this user and device. A family this device still had is replaced
 * and revoked with all its tokens — one session per device, and no token left that nothing
 * can revoke. Read and replaced in one atomic step, so a login never replaces a family it did
 * not read.
 */
export async function startFamily(
  deps: Deps,
  config: RuntimeConfig,
  user: ResolvedUser,
  device: string,
  userAgent: string,
): Promise<Issued> {
  const now = deps.now()
  const issued = issueAccess(
    {
      userId: user.id,
      username: user.username,
      device,
      userAgent: userAgent.slice(0, 300),
      family: crypto.randomUUID(),
      current: { jti: crypto.randomUUID(), iat: seconds(now) },
      previous: null,
      createdAt: now,
      rotatedAt: null,
      expiresAt: now + config.refreshTtlMs,
      accessSeq: 0,
      accessExp: 0,
    },
    now,
    config,
  )
  const replaced = await deps.store.update<RtRecord, RtRecord | undefined>(
    rtKey(user.id, device),
    (old) => ({ result: old, write: { value: issued.record, ttlMs: config.refreshTtlMs } }),
  )
  if (replaced) await denyFamily(deps, replaced)
  await deps.stats.count('logins')
  return issued
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

/**
 * Refuses a family's access tokens numbered below `below` (all of them, by default) until its
 * newest one expires: one deny-list entry per family, however many tokens it issued.
 */
export async function denyFamily(
  deps: Deps,
  { family, accessExp }: Pick<RtRecord, 'family' | 'accessExp'>,
  below = Number.MAX_SAFE_INTEGER,
): Promise<void> {
  const ttlMs = accessExp * 1000 + deps.options.clockToleranceMs - deps.now()
  if (ttlMs <= 0) return // every token of it has expired anyway
  await deps.store.update<number, void>(denyKey(family), (current = 0) => ({
    result: undefined,
    write: { value: Math.max(current, below), ttlMs },
  }))
}

/** Whether the access token's family was revoked (or its tokens expired early) after it was issued. */
export async function isDenied(deps: Deps, { fam, seq }: AccessClaims): Promise<boolean> {
  return seq < ((await deps.store.get<number>(denyKey(fam))) ?? 0)
}

/**
 * Ends a session: deletes the device's record when it holds `family` (any family when none is
 * named), in one atomic step, and refuses every token of the family it deleted and of the one
 * named. A newer login on the device is never touched. Resolves to the deleted record.
 */
export async function revokeFamily(
  deps: Deps,
  userId: string,
  device: string,
  named?: Pick<AccessClaims, 'fam' | 'exp'>,
): Promise<RtRecord | undefined> {
  const deleted = await deps.store.update<RtRecord, RtRecord | undefined>(
    rtKey(userId, device),
    (record) =>
      record && (!named || record.family === named.fam)
        ? { result: record, write: 'delete' }
        : { result: undefined },
  )
  if (deleted) await denyFamily(deps, deleted)
  if (named && named.fam !== deleted?.family)
    await denyFamily(deps, { family: named.fam, accessExp: named.exp })
  return deleted
}

export async function listRecords(deps: Deps, userId: string): Promise<RtRecord[]> {
  const keys = await deps.store.keys(userRtPrefix(userId))
  const records = await Promise.all(keys.map((key) => deps.store.get<RtRecord>(key)))
  return records.filter((record): record is RtRecord => record !== undefined)
}

import type { Deps } from './deps.js'
import type { Issued } from './families.js'
import { newAccess, revokeRecord, seconds } from './families.js'
import type { RtRecord } from './records.js'
import { rtKey, trackAccess } from './records.js'
import type { StoreUpdate } from './store.js'
import type { AccessClaims, RefreshClaims } from './tokens.js'

export type RefreshOutcome =
  | ({ kind: 'rotated' | 'grace' } & Issued)
  /** A superseded token came back: the family is gone (RFC 9700 §4.14.2). */
  | { kind: 'reused'; record: RtRecord }
  /** No family matches: logged out, revoked, expired, or replaced by a newer login. */
  | { kind: 'revoked' }

export interface RefreshStep {
  nowMs: number
  graceMs: number
  /** The dev control replaying a stolen token treats it as outside the grace window. */
  ignoreGrace: boolean
  access: AccessClaims
  nextJti: string
}

/**
 * The rotation rule as a pure function of the stored record, run inside `store.update()` so
 * that deciding and writing are one atomic step per record.
 */
export function decideRefresh(
  record: RtRecord | undefined,
  claims: RefreshClaims,
  step: RefreshStep,
): StoreUpdate<RtRecord, RefreshOutcome> {
  if (!record || record.family !== claims.fam) return { result: { kind: 'revoked' } }
  const ttlMs = record.expiresAt - step.nowMs
  const accessTokens = trackAccess(record, step.access, step.nowMs)
  if (claims.jti === record.current.jti) {
    const next: RtRecord = {
      ...record,
      previous: record.current,
      current: { jti: step.nextJti, iat: seconds(step.nowMs) },
      rotatedAt: step.nowMs,
      accessTokens,
    }
    return {
      result: { kind: 'rotated', record: next, access: step.access },
      write: { value: next, ttlMs },
    }
  }
  const inGrace =
    !step.ignoreGrace &&
    claims.jti === record.previous?.jti &&
    record.rotatedAt !== null &&
    step.nowMs - record.rotatedAt <= step.graceMs
  if (inGrace) {
    // Concurrent tabs converge: same refresh token as the one already issued, fresh access token.
    const next: RtRecord = { ...record, accessTokens }
    return {
      result: { kind: 'grace', record: next, access: step.access },
      write: { value: next, ttlMs },
    }
  }
  return { result: { kind: 'reused', record }, write: 'delete' }
}

/** Runs one refresh against the store and applies its side effects (deny-list, stats). */
export async function refreshSession(
  deps: Deps,
  claims: RefreshClaims,
  options: { ignoreGrace?: boolean } = {},
): Promise<RefreshOutcome> {
  const step: RefreshStep = {
    nowMs: deps.now(),
    graceMs: deps.config.current.reuseGraceMs,
    ignoreGrace: options.ignoreGrace ?? false,
    access: newAccess(deps, claims.sub, claims.dev),
    nextJti: crypto.randomUUID(),
  }
  const outcome = await deps.store.update<RtRecord, RefreshOutcome>(
    rtKey(claims.sub, claims.dev),
    (record) => decideRefresh(record, claims, step),
  )
  if (outcome.kind === 'reused') {
    await revokeRecord(deps, outcome.record)
    deps.stats.reuseDetected++
  } else if (outcome.kind !== 'revoked') {
    deps.stats.refreshes++
    if (outcome.kind === 'rotated') deps.stats.rotations++
    else deps.stats.graceReuses++
  }
  return outcome
}

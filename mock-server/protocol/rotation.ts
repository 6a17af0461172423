import type { RuntimeConfig } from './config.js'
import type { Deps } from './deps.js'
import { denyFamily, type Issued, issueAccess, seconds } from './families.js'
import { type RtRecord, rtKey } from './records.js'
import type { StoreUpdate } from './store.js'
import type { RefreshClaims } from './tokens.js'

export type RefreshOutcome =
  | ({ kind: 'rotated' | 'grace' } & Issued)
  /** A superseded token came back: the family is gone (RFC 9700 §4.14.2). */
  | { kind: 'reused'; record: RtRecord }
  /** No family matches: logged out, revoked, expired, or replaced by a newer login. */
  | { kind: 'revoked' }

export interface RefreshStep {
  nowMs: number
  config: RuntimeConfig
  /** The dev control replaying a stolen token treats it as outside the grace window. */
  ignoreGrace: boolean
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
  if (claims.jti === record.current.jti) {
    const issued = issueAccess(
      {
        ...record,
        previous: record.current,
        current: { jti: step.nextJti, iat: seconds(step.nowMs) },
        rotatedAt: step.nowMs,
      },
      step.nowMs,
      step.config,
    )
    return {
      result: { kind: 'rotated', ...issued },
      write: { value: issued.record, ttlMs },
    }
  }
  const inGrace =
    !step.ignoreGrace &&
    claims.jti === record.previous?.jti &&
    record.rotatedAt !== null &&
    step.nowMs - record.rotatedAt <= step.config.reuseGraceMs
  if (inGrace) {
    // Concurrent tabs converge: same refresh token as the one already issued, fresh access token.
    const issued = issueAccess(record, step.nowMs, step.config)
    return { result: { kind: 'grace', ...issued }, write: { value: issued.record, ttlMs } }
  }
  return { result: { kind: 'reused', record }, write: 'delete' }
}

/** Runs one refresh against the store and applies its side effects (deny-list, stats). */
export async function refreshSession(
  deps: Deps,
  config: RuntimeConfig,
  claims: RefreshClaims,
  options: { ignoreGrace?: boolean } = {},
): Promise<RefreshOutcome> {
  const step: RefreshStep = {
    nowMs: deps.now(),
    config,
    ignoreGrace: options.ignoreGrace ?? false,
    nextJti: crypto.randomUUID(),
  }
  const outcome = await deps.store.update<RtRecord, RefreshOutcome>(
    rtKey(claims.sub, claims.dev),
    (record) => decideRefresh(record, claims, step),
  )
  if (outcome.kind === 'reused') {
    // Every access token the family ever issued stops working, however many rotations there were.
    await denyFamily(deps, outcome.record)
    await deps.stats.count('reuseDetected')
  } else if (outcome.kind !== 'revoked') {
    await Promise.all([
      deps.stats.count('refreshes'),
      deps.stats.count(outcome.kind === 'rotated' ? 'rotations' : 'graceReuses'),
    ])
  }
  return outcome
}

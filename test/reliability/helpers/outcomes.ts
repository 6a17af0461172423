import { CanceledError, isAxiosError } from 'axios'
import { RefreshError, SessionExpiredError } from 'silent-refresh'
import { HttpStatus } from './sim-client'

/** How an app call ended, as the model tests judge it. */
export type Outcome =
  | 'ok'
  | 'http-401'
  | 'network'
  | 'expired'
  | 'refresh-failed'
  | 'canceled'
  | 'disposed'
  | 'unexpected'

export function classify(error: unknown): Outcome {
  // The axios flavour's outcomes, and the fetch flavour's (sim-client.ts): an abort rejects with
  // the signal's reason, a lost connection with a TypeError, a status is reported as HttpStatus.
  if (error instanceof CanceledError) return 'canceled'
  if (error instanceof DOMException && error.name === 'AbortError') return 'canceled'
  if (error instanceof HttpStatus && error.status === 401) return 'http-401'
  if (error instanceof TypeError && error.message === 'fetch failed') return 'network'
  if (error instanceof SessionExpiredError) return 'expired'
  if (error instanceof RefreshError) return 'refresh-failed'
  if ((error as { code?: string })?.code === 'ERR_DISPOSED') return 'disposed'
  if (isAxiosError(error) && error.response?.status === 401) return 'http-401'
  if (isAxiosError(error) && error.code === 'ERR_NETWORK') return 'network'
  return 'unexpected'
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

/** mulberry32: a tiny seeded PRNG, to stand in for `Math.random` (the backoff jitter) so a run replays exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What the model tests keep of each app call: how many times it settled (the invariant: once) and how. */
export interface Settlement {
  settled: number
  outcome?: Outcome
  error?: unknown
}

/** Counts every settlement of `promise` into `entry`, then calls `then`. */
export function recordSettlement(entry: Settlement, promise: Promise<unknown>, then?: () => void) {
  promise.then(
    () => {
      entry.settled++
      entry.outcome = 'ok'
      then?.()
    },
    (error: unknown) => {
      entry.settled++
      entry.error = error
      entry.outcome = classify(error)
      then?.()
    },
  )
}

/** An app call a model test follows: its settlements, and whether the test aborted it. */
export interface TrackedCall extends Settlement {
  name: string
  aborted?: boolean
  /** The SDK it was made on was disposed (before it settled, or before it was made). */
  disposed?: boolean
}

/** A tracked request that carries an AbortSignal. */
export interface Abortable {
  controller: AbortController
  entry: TrackedCall
}

/** Aborts the abortable request `index` picks (any number picks one; none when there are none). */
export function abortOne(abortables: Abortable[], index: number): void {
  const target = abortables[index % Math.max(1, abortables.length)]
  if (!target) return
  target.entry.aborted = true
  target.controller.abort()
}

/**
 * What is wrong with how `entry` settled: not exactly once, an error no app call should see, or a
 * cancel nobody asked for. `networkAllowed`: the call talks to the server without the refresh
 * logic in between (login, logout), so a network error reaches it as it is.
 */
export function settlementProblems(entry: TrackedCall, networkAllowed: boolean): string[] {
  const found: string[] = []
  if (entry.settled !== 1) found.push(`${entry.name} settled ${entry.settled} times`)
  if (entry.outcome === 'unexpected' || (entry.outcome === 'network' && !networkAllowed))
    found.push(`${entry.name} rejected with an unexpected ${describe(entry.error)}`)
  if (entry.outcome === 'canceled' && !entry.aborted)
    found.push(`${entry.name} was canceled but never aborted`)
  if (entry.outcome === 'disposed' && !entry.disposed)
    found.push(`${entry.name} rejected with ERR_DISPOSED, but its SDK was not disposed`)
  return found
}

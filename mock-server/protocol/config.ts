import type { ResolvedOptions } from './options.js'
import { checkDuration, checkInteger, isRecord } from './validate.js'

/** An injected failure: the next `times` refresh calls answer `status`. */
export interface FailRefresh {
  status: number
  times: number
}

/** The settings `/__mock/config` can change at run time. */
export interface RuntimeConfig {
  accessTtlMs: number
  refreshTtlMs: number
  reuseGraceMs: number
  /** Delay added before every `/api/*` answer. */
  latencyMs: number
  failRefresh: FailRefresh | null
  /** The next N refreshes are carried out but their answers are lost (connection closed). */
  dropRefresh: number
}

export type RuntimeConfigPatch = Partial<RuntimeConfig>

export interface ConfigHolder {
  readonly current: RuntimeConfig
  /** Validates and applies a patch; throws a `TypeError` naming the bad field. */
  apply(patch: unknown): RuntimeConfig
  /** Uses up one injected refresh failure, if any is left. */
  takeRefreshFailure(): number | undefined
  /** Uses up one injected lost answer; true when this refresh's answer must be dropped. */
  takeRefreshDrop(): boolean
  reset(): void
}

export function createConfig(options: ResolvedOptions): ConfigHolder {
  const initial = (): RuntimeConfig => ({
    accessTtlMs: options.accessTtlMs,
    refreshTtlMs: options.refreshTtlMs,
    reuseGraceMs: options.reuseGraceMs,
    latencyMs: 0,
    failRefresh: null,
    dropRefresh: 0,
  })
  let current = initial()
  return {
    get current() {
      return current
    },
    apply(patch) {
      current = { ...current, ...parsePatch(patch) }
      return current
    },
    takeRefreshFailure() {
      const failure = current.failRefresh
      if (!failure || failure.times <= 0) return undefined
      const times = failure.times - 1
      current = { ...current, failRefresh: times > 0 ? { ...failure, times } : null }
      return failure.status
    },
    takeRefreshDrop() {
      if (current.dropRefresh <= 0) return false
      current = { ...current, dropRefresh: current.dropRefresh - 1 }
      return true
    },
    reset() {
      current = initial()
    },
  }
}

const positive = (name: string, value: unknown) => {
  const ms = checkDuration(name, value)
  if (ms === 0) throw new TypeError(`${name} must be greater than 0`)
  return ms
}

function parsePatch(patch: unknown): RuntimeConfigPatch {
  if (!isRecord(patch)) throw new TypeError('the body must be a JSON object')
  const known = [
    'accessTtlMs',
    'refreshTtlMs',
    'reuseGraceMs',
    'latencyMs',
    'failRefresh',
    'dropRefresh',
  ]
  const unknown = Object.keys(patch).find((key) => !known.includes(key))
  if (unknown !== undefined)
    throw new TypeError(`unknown field ${JSON.stringify(unknown.slice(0, 40))}`)
  const result: RuntimeConfigPatch = {}
  if (patch.accessTtlMs !== undefined)
    result.accessTtlMs = positive('accessTtlMs', patch.accessTtlMs)
  if (patch.refreshTtlMs !== undefined)
    result.refreshTtlMs = positive('refreshTtlMs', patch.refreshTtlMs)
  if (patch.reuseGraceMs !== undefined)
    result.reuseGraceMs = checkDuration('reuseGraceMs', patch.reuseGraceMs)
  if (patch.latencyMs !== undefined)
    result.latencyMs = checkDuration('latencyMs', patch.latencyMs, 60_000)
  if (patch.failRefresh !== undefined) result.failRefresh = parseFailure(patch.failRefresh)
  if (patch.dropRefresh !== undefined)
    result.dropRefresh = checkInteger('dropRefresh', patch.dropRefresh, 0, 1000)
  return result
}

function parseFailure(value: unknown): FailRefresh | null {
  if (value === null) return null
  if (!isRecord(value)) throw new TypeError('failRefresh must be { status, times } or null')
  return {
    status: checkInteger('failRefresh.status', value.status, 400, 599),
    times: checkInteger('failRefresh.times', value.times ?? 1, 0, 1000),
  }
}

import type { ResolvedOptions } from './options.js'
import type { MockStore } from './store.js'
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

/**
 * The runtime config, kept in the store (`mock:config`, the overrides of the options), so
 * every instance that shares the store follows the same `/__mock/config`.
 */
export interface ConfigHolder {
  read(): Promise<RuntimeConfig>
  /** Validates and applies a patch; throws a `TypeError` naming the bad field. */
  apply(patch: unknown): Promise<RuntimeConfig>
  /** Uses up one injected refresh failure, if any is left: its status. */
  takeRefreshFailure(): Promise<number | undefined>
  /** Uses up one injected lost answer; true when this refresh's answer must be dropped. */
  takeRefreshDrop(): Promise<boolean>
}

const CONFIG_KEY = 'mock:config'
/** Overrides live until a reset; a store needs some TTL. */
const FOREVER_MS = 10 * 365 * 24 * 3600_000

export function createConfig(options: ResolvedOptions, store: MockStore): ConfigHolder {
  const initial: RuntimeConfig = {
    accessTtlMs: options.accessTtlMs,
    refreshTtlMs: options.refreshTtlMs,
    reuseGraceMs: options.reuseGraceMs,
    latencyMs: 0,
    failRefresh: null,
    dropRefresh: 0,
  }
  const change = (patch: (current: RuntimeConfig) => RuntimeConfigPatch | undefined) =>
    store.update<RuntimeConfigPatch, RuntimeConfig>(CONFIG_KEY, (overrides) => {
      const current = { ...initial, ...overrides }
      const changed = patch(current)
      return changed
        ? {
            result: { ...current, ...changed },
            write: { value: { ...overrides, ...changed }, ttlMs: FOREVER_MS },
          }
        : { result: current }
    })
  return {
    read: async () => ({ ...initial, ...(await store.get<RuntimeConfigPatch>(CONFIG_KEY)) }),
    async apply(patch) {
      const parsed = parsePatch(patch) // throws before the store is touched
      return change(() => parsed)
    },
    async takeRefreshFailure() {
      let status: number | undefined
      await change(({ failRefresh }) => {
        status = undefined // `change` may run more than once: only its last run counts
        if (!failRefresh || failRefresh.times <= 0) return undefined
        status = failRefresh.status
        const times = failRefresh.times - 1
        return { failRefresh: times > 0 ? { ...failRefresh, times } : null }
      })
      return status
    },
    async takeRefreshDrop() {
      let drop = false
      await change(({ dropRefresh }) => {
        drop = dropRefresh > 0
        return drop ? { dropRefresh: dropRefresh - 1 } : undefined
      })
      return drop
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

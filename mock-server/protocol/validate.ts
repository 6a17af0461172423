/** A Max-Age above 400 days is refused by browsers (RFC 6265bis) and by hono's serializer. */
export const MAX_COOKIE_LIFETIME_MS = 400 * 24 * 60 * 60 * 1000

/**
 * Checks a duration in milliseconds. Throws a `TypeError` naming `label`, so both
 * `normalizeOptions()` and `POST /__mock/config` report the offending field the same way.
 */
export function checkDuration(label: string, value: unknown, max = MAX_COOKIE_LIFETIME_MS): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new TypeError(
      `${label} must be a number of milliseconds between 0 and ${max}, got ${describe(value)}`,
    )
  }
  return Math.floor(value)
}

export function checkInteger(label: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(
      `${label} must be an integer between ${min} and ${max}, got ${describe(value)}`,
    )
  }
  return value
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40))
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value)
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

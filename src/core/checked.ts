/**
 * The defined fields of `input`. In development builds each is checked against the type of
 * its counterpart in `shape` (numbers are durations or counts: finite, never negative), and a
 * TypeError names the first unknown field or the first of the wrong type. Production builds
 * drop the checks: bundlers replace `process.env.NODE_ENV`, and these are mistakes in code
 * (options, what the app hands to `setSession`) that development and tests meet first.
 */
export function checked<T extends object>(
  input: T,
  shape: object,
  label: string,
  falseAllowed: string[] = [],
): Partial<T> {
  const entries = Object.entries(input ?? {}).filter(([, value]) => value !== undefined)
  if (typeof process === 'object' && process.env.NODE_ENV !== 'production')
    for (const [name, value] of entries) {
      const example = (shape as Record<string, unknown>)[name]
      const type = typeof example
      const ok =
        (value === false && falseAllowed.includes(name)) ||
        (type === 'number'
          ? isMs(value)
          : typeof value === type && Array.isArray(value) === Array.isArray(example))
      if (!ok)
        throw new TypeError(
          `silent-refresh: ${label}\`${name}\` ${type === 'undefined' ? 'is unknown' : `must be a ${type}`}`,
        )
    }
  return Object.fromEntries(entries) as Partial<T>
}

/** A duration or count in ms: a finite number, never negative. */
export const isMs = (value: unknown): value is number =>
  typeof value === 'number' && value >= 0 && value < Number.POSITIVE_INFINITY

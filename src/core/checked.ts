/**
 * Checks for mistakes in code (options, what the app hands to `setSession`, the `session`
 * option), which development and tests meet first. Callers guard every call with
 * `typeof process === 'object' && process.env.NODE_ENV !== 'production'`, written out at each
 * site: bundlers replace `process.env.NODE_ENV`, so production builds drop the call, and with it
 * this module.
 */

/**
 * Throws a TypeError naming the first field of `input` that `shape` does not have, or whose
 * value is not of the type of its counterpart there (numbers are durations or counts: finite,
 * never negative; `false` where `falseAllowed` names the field).
 */
export function checkFields(
  input: object | undefined,
  shape: object,
  label: string,
  falseAllowed: string[] = [],
): void {
  for (const [name, value] of Object.entries(input ?? {})) {
    if (value === undefined) continue // an explicit undefined means "the default"
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
}

/** A duration or count in ms: a finite number, never negative. */
export const isMs = (value: unknown): value is number =>
  typeof value === 'number' && value >= 0 && value < Number.POSITIVE_INFINITY

const sessionShape = { accessToken: '', expiresIn: 0, expiresAt: 0, refreshToken: '' }

/** The options: each known to `shape` and of the type of its value there, `retry` as well. */
export function checkOptions(options: object | undefined, shape: object, retryShape: object): void {
  checkFields(options, shape, 'option ', ['refreshAheadMs', 'retry', 'csrfHeader'])
  const { retry } = (options ?? {}) as { retry?: object }
  if (retry) checkFields(retry, retryShape, 'option `retry`: ')
}

/** What the app hands to `setSession` (or a parser returns). */
export function checkSessionInput(input: object): void {
  checkFields(input, sessionShape, 'session ')
  if (!(input as { accessToken?: unknown })?.accessToken)
    throw new TypeError('silent-refresh: the session needs an `accessToken`')
}

/** The `session` option: a session API made by this package (it carries the session itself). */
export function checkSharedSession(face: unknown): void {
  if (typeof (face as { tokenAfter401?: unknown })?.tokenAfter401 !== 'function')
    throw new TypeError(
      'silent-refresh: option `session` must come from createSilentRefresh or createSilentFetch',
    )
}

/** A duration or count in ms: a finite number, never negative. */
export function isMs(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value < Number.POSITIVE_INFINITY
}

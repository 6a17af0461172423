const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/**
 * Parses `500ms`, `30s`, `5m`, `2h`, `30d` (decimals allowed: `1.5h`) into milliseconds.
 * Returns `undefined` for anything else, so callers can name the offending flag.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim())
  if (!match?.[1] || !match[2]) return undefined
  return Math.round(Number(match[1]) * UNITS[match[2] as keyof typeof UNITS])
}

/** The reverse, for the CLI banner: the largest unit that divides evenly. */
export function formatDuration(ms: number): string {
  const units = Object.entries(UNITS).reverse() as Array<[string, number]>
  const [unit, size] = units.find(([, size]) => ms > 0 && ms % size === 0) ?? ['ms', 1]
  return `${ms / size}${unit}`
}

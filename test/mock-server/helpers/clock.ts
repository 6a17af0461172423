/** A clock the tests move by hand, so grace windows and expiry need no sleeping. */
export function createClock(start = Date.UTC(2030, 0, 1)) {
  let time = start
  return {
    now: () => time,
    advance(ms: number) {
      time += ms
    },
  }
}

export type Clock = ReturnType<typeof createClock>

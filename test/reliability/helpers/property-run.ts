import fc from 'fast-check'
import { expect } from 'vitest'

/**
 * The knobs of a model test, from `<prefix>_RUNS`, `_SEED`, `_PATH` and `_REPLAY`, and its check:
 * a failure prints and throws the command that replays the shrunk case.
 */
export function propertyRun(prefix: string, defaultRuns: number) {
  const env = (name: string) => process.env[`${prefix}_${name}`]
  const seed = env('SEED') === undefined ? undefined : Number(env('SEED'))
  const path = env('PATH')
  return {
    runs: Number(env('RUNS') ?? defaultRuns),
    /** True when one shrunk case is being replayed: statistics over the runs mean nothing then. */
    replaying: path !== undefined,
    /** fast-check's record of the shrunk command list; with `_PATH` it replays the run. */
    replayPath: env('REPLAY'),
    /** Runs `property` `numRuns` times; `command` is the vitest invocation that runs this test. */
    async check<T>(property: fc.IAsyncProperty<T>, numRuns: number, command: string) {
      const details = await fc.check(property, { numRuns, seed, path })
      if (details.failed) {
        const commands = /replayPath="([^"]*)"/.exec(
          String((details.counterexample as unknown[] | null)?.[1]),
        )?.[1]
        const replay = [
          `${prefix}_SEED=${details.seed}`,
          `${prefix}_PATH=${details.counterexamplePath}`,
          ...(commands ? [`${prefix}_REPLAY='${commands}'`] : []),
          command,
        ].join(' ')
        console.error(`Property failed; replay with:\n  ${replay}`)
        throw new Error(
          `${fc.defaultReportMessage(details)}\n${details.errorInstance}\nReplay: ${replay}`,
        )
      }
      expect(details.numRuns).toBe(path === undefined ? numRuns : 1)
    },
  }
}

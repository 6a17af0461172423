import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { propertyRun } from './helpers/property-run'
import type { BackendScript, RefreshOutcome } from './helpers/sim-backend'
import { createSimClock } from './helpers/sim-clock'
import { createWorld, type World, type WorldConfig } from './helpers/sim-world'

// Model-based property test: random schedules of app calls, server events, refresh outcomes and
// time against the real SDK on real axios, on simulated time. `npm test` runs 1,000 schedules;
// `npm run test:long` runs 10,000 (PROPERTY_RUNS sets any count). A failure prints
// PROPERTY_SEED, PROPERTY_PATH and PROPERTY_REPLAY, which replay that run.

const property = propertyRun('PROPERTY', 1_000)
const { runs, replayPath } = property

const clock = createSimClock()
beforeAll(() => clock.install())
afterAll(() => clock.uninstall())

interface Model {
  disposed: boolean
}

type Step = (world: World) => void | Promise<void>

/** A command of the schedule: `check` keeps app calls from coming after dispose(). */
const command = (name: string, step: Step, afterDispose = true) =>
  ({
    check: (model: Readonly<Model>) => afterDispose || !model.disposed,
    async run(model: Model, world: World) {
      await step(world)
      if (name === 'dispose()') model.disposed = true
      await clock.drain()
      world.checkNow()
    },
    toString: () => name,
  }) satisfies fc.AsyncCommand<Model, World>

const request = fc
  .record({ method: fc.constantFrom('get', 'post'), signal: fc.boolean() })
  .map(({ method, signal }) =>
    command(`${method}${signal ? '+signal' : ''}`, (w) => w.request(method, signal)),
  )
const tick = fc
  .oneof(
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 50, max: 3_000 }),
    fc.integer({ min: 3_000, max: 700_000 }),
  )
  .map((ms) => command(`tick(${ms})`, () => clock.advance(ms)))

// Requests and time are listed several times: they are the bulk of a real schedule.
const commands = [
  request,
  request,
  request,
  tick,
  tick,
  fc.nat(9).map((i) => command(`abort(#${i})`, (w) => w.abort(i))),
  fc.constant(command('server invalidates tokens', (w) => w.invalidate())),
  fc.constant(command('wake', (w) => w.wake())),
  fc.constant(command('refresh()', (w) => w.refresh(), false)),
  fc.constant(command('login()', (w) => w.login(), false)),
  fc.constant(command('logout()', (w) => w.logout(), false)),
  fc.constant(command('dispose()', (w) => w.dispose(), false)),
]

const refreshOutcome: fc.Arbitrary<RefreshOutcome> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('ok' as const) },
  { weight: 1, arbitrary: fc.constantFrom<RefreshOutcome>(401, 403) },
  { weight: 3, arbitrary: fc.constantFrom<RefreshOutcome>(500, 503, 'network', 'hang') },
)

const script: fc.Arbitrary<BackendScript> = fc.record({
  refreshOutcomes: fc.array(refreshOutcome, { maxLength: 8 }),
  refreshLatencies: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12_000 })), {
    minLength: 1,
    maxLength: 4,
  }),
  apiLatencies: fc.array(fc.integer({ min: 0, max: 800 }), { minLength: 1, maxLength: 4 }),
  accessTtlMs: fc.constantFrom(800, 5_000, 120_000, 1_800_000),
  logoutReachable: fc.boolean(),
})

const worldConfig: fc.Arbitrary<WorldConfig> = fc.record({
  script,
  sdk: fc.record({
    refreshAheadMs: fc.constantFrom(false as const, 1_000, 60_000),
    refreshTimeoutMs: fc.constantFrom(1_000, 10_000),
    retry: fc.record({
      attempts: fc.integer({ min: 1, max: 3 }),
      baseDelayMs: fc.constantFrom(10, 300),
      maxDelayMs: fc.constant(3_000),
    }),
  }),
  startSignedIn: fc.boolean(),
  randomSeed: fc.nat(),
  // Every guarantee is held against both adapters, each run on one.
  flavour: fc.constantFrom('axios' as const, 'fetch' as const),
})

it(`keeps every guarantee over ${runs} random schedules`, { timeout: 600_000 }, async () => {
  const schedules = fc.asyncProperty(
    worldConfig,
    fc.commands(commands, { maxCommands: 40, size: 'medium', replayPath }),
    async (config, schedule) => {
      clock.clear()
      const world = createWorld(clock, config)
      try {
        await fc.asyncModelRun(() => ({ model: { disposed: false }, real: world }), schedule)
      } finally {
        await world.finish()
      }
      for (const [name, n] of Object.entries(world.coverage()))
        coverage.set(name, (coverage.get(name) ?? 0) + n)
      const violations = world.violations()
      if (violations.length) throw new Error(violations.join('\n'))
    },
  )
  const coverage = new Map<string, number>()
  await property.check(
    schedules,
    runs,
    'npx vitest run --project node test/reliability/model.test.ts',
  )
  if (property.replaying) return
  // The schedules reach every situation the invariants are about (counts over all runs).
  console.info(`${runs} runs:`, Object.fromEntries(coverage))
  for (const [name, n] of coverage) expect(n, name).toBeGreaterThan(0)
})

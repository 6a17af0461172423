import { DATA_LATENCY_MS, REFRESH_LATENCY_MS } from './concurrency'
import { libraries } from './contenders'
import type { machine } from './machine'
import { LOAD } from './mock-server'
import { RELOAD_ROUNDS } from './reload'
import {
  type BundleRow,
  bundleTable,
  type Concurrency,
  concurrencyTables,
  type Failures,
  failureTable,
  type HungRefresh,
  headlineTable,
  hungRefreshTable,
  type MockServer,
  mockServerTable,
  type Overhead,
  overheadTable,
  type Reload,
  reloadTable,
} from './results'

interface Measured {
  machine: ReturnType<typeof machine> & { durationS: number }
  concurrency: Concurrency
  failures: Failures
  overhead: Overhead
  reload: Reload
  hungRefresh: HungRefresh
  bundles: BundleRow[]
  vite: BundleFigure
  viteFetch: BundleFigure
  mockServer: MockServer
}

/** A bundle as measured, with the limit `npm test` holds and the decided budget. */
interface BundleFigure {
  minified: number
  gzipped: number
  budget: number
  decided: number
}

/** bench/RESULTS.md: the machine, the tables, and exactly how each library was set up. */
export function report(m: Measured): string {
  const ours = m.bundles.find((row) => row.name === 'silent-refresh')
  const int = (value: number) => value.toLocaleString('en')
  return `# Benchmark results

Written by \`npm run bench\` (bench/index.ts); rerun it to refresh this file. Absolute times vary
across machines; read the counts and the ratios first.

${m.machine.cpu}, ${m.machine.cores} cores, Node ${m.machine.node}, ${m.machine.date}; SDK source at
${m.machine.source}. Load average ${m.machine.load} when the run started; it took ${m.machine.durationS} s.

## Headline

${headlineTable(m.concurrency, m.overhead, m.bundles, libraries)}

"Lost" is rejected or hung while the refresh itself works; "refreshes per expiry" is the refresh
calls one burst of requests caused, over every concurrency run. The variant of axios-auth-refresh
with \`deduplicateRefresh: false\` is in the tables below.

## How each library is set up (bench/contenders.ts)

Every client is an \`axios.create({ adapter })\` whose adapter is the fake backend; each library
gets the token the scenario needs as its current access token, and refreshes with \`POST /refresh\`.

- **silent-refresh**: \`createSilentRefresh(api, { refreshUrl: '/refresh', crossTab: false,
  refreshAheadMs: false })\`, then \`setSession({ accessToken })\` (expiry read from the JWT
  \`exp\`). \`crossTab: false\` makes it a single-tab comparison like the peers (Node 20 has a
  global BroadcastChannel); the refresh-ahead timer is off so no timer outlives or disturbs a run
  (with 1-hour tokens it would not fire during one anyway). Everything else is default: 3 refresh
  attempts with backoff for 5xx, 401 from refresh ends the session.
- **axios-auth-refresh** 5.0.2, as its README sets it up, default options (\`statusCodes: [401]\`,
  \`deduplicateRefresh: true\`, \`maxRetries: 3\`): \`createAuthRefresh(api, refreshAuthLogic)\`;
  \`refreshAuthLogic\` posts on a separate axios instance (the README uses the global \`axios\`),
  stores the token (in a variable; the README uses localStorage) and sets it on
  \`failedRequest.response.config.headers\`; a request interceptor attaches the stored token.
- **axios-auth-refresh, deduplicateRefresh: false**: the same, with the option its maintainer
  recommends for concurrent 401s (upstream issues #56 and #90).
- **axios-jwt** 4.0.3, default options (10 s expiry fudge): \`applyAuthTokenInterceptor(api, {
  requestRefresh, getStorage })\` and \`setAuthTokens({ accessToken, refreshToken })\`.
  \`requestRefresh\` posts on a separate instance, as its README demands. \`getStorage\` is its
  documented custom-storage hook, a Map behaving like its localStorage service (Node has no
  localStorage). axios-jwt does nothing without a refresh token in storage, while ours lives in
  an HttpOnly cookie: a placeholder string stands in, which \`requestRefresh\` ignores.

What the peers cannot do, by design:
- **axios-jwt has no reactive path**: it never looks at responses, so a 401 for a token the
  server revoked (logout elsewhere, key rotation, deny-list) reaches the app, no refresh.
- **axios-auth-refresh has no pre-emptive path**: it never reads the token's expiry, so an
  expired token is sent, earns a 401, and the reactive path takes over (2N+1 wire requests
  instead of N+1). With default options, 401s that arrive while its refresh is in flight are
  rejected, not queued (the instance is "skipped" while refreshing); only requests *started*
  during the refresh wait for it.
- Neither retries a failed refresh (5xx) or tells "refresh token refused" from "transient".

## 1. Concurrency

A fake backend as an axios adapter (bench/fake-backend.ts): the data endpoint answers after
${DATA_LATENCY_MS} ms (or 1–31 ms from a seeded generator, the same sequence for every library),
\`POST /refresh\` after ${REFRESH_LATENCY_MS} ms with a new token. The data endpoint accepts the
tokens refreshes issued, not the client's starting one. N requests are fired at once. *Reactive*:
the client's token looks valid (exp in an hour) but the server revoked it. *Pre-emptive*: the
token's exp passed a minute ago. A request not settled within 5 s counts as hung. Each cell ran
in 5 fresh processes: counts show the range seen when runs differed, wall time the median.
Ideal: 1 refresh; 2N+1 wire requests reactive, N+1 pre-emptive.

${concurrencyTables(m.concurrency)}

### When the refresh fails

The refresh endpoint answers 500 (or 401) every time; 100 requests at once, data 5 ms, one fresh
process each.

${failureTable(m.failures)}

## 2. Per-request overhead on a healthy session

${int(m.overhead.requests)} sequential requests (each awaited before the next) after 5,000
warm-up requests, through an adapter that answers at once without I/O, so the time is axios plus
the library. Each client ran in ${m.overhead.processes} fresh processes, interleaved; each process
reports the median of 10 chunks of 10,000 requests. ns per request is the median of the
processes; a ratio is the median of the per-round ratios (each client's process against the
baseline's process of the same round, run back to back), because this shared VM has slow spells
lasting seconds in which the same process takes up to 1.7× as long. CPU time (user + system of
the process) is what the library costs; wall time adds whatever else the machine did. The
baseline is bare axios with the interceptor people write by hand,
\`config.headers.Authorization = \\\`Bearer \${token}\\\`\`; a second one calls \`headers.set()\`,
which normalises the header name on every call and so is slower: a library measured against it
alone would hide that cost. Target for silent-refresh: ≤ 1.05× CPU against the first.

${overheadTable(m.overhead)}

## A page reload (Chromium)

A signed-in user reloads: nothing in memory, only the refresh cookie (or an open sibling tab
with a token). The page makes the SDK, waits the given time, then calls \`/api/employees\`; the
time runs from that call to its answer, median of ${RELOAD_ROUNDS} rounds, interleaved; the ratio is the
median of per-round ratios against \`crossTab: false\`. The demo's dev server on loopback, its
mock backend on the page's origin (bench/reload.ts). Target: a lone tab ≤ 1.1× \`crossTab: false\`.

${reloadTable(m.reload)}

## A refresh endpoint that never answers (real timers, forced GC)

Node with \`--expose-gc\`, a \`gc()\` every 10 ms, the built SDK with \`refreshTimeoutMs: 200\`
and two attempts (bench/hung-refresh.ts). A time limit must fire although the garbage collector
runs: on Node 20 one built from \`AbortSignal.any([…, AbortSignal.timeout()])\` never does.

${hungRefreshTable(m.hungRefresh)}

## 3. Bundle size

Each library's main entry (\`export * from '<package>'\`; ours \`src/index.ts\`) bundled by esbuild
with the same settings: bundle, minify, ESM, platform browser, target es2022, axios external;
gzip level 9. "Loads" evaluates the bundle as an ES module in a fresh \`node:vm\` realm with browser
globals only (no \`process\`, \`require\` or \`Buffer\`), \`axios\` linked to a module re-exporting
the real axios.

${bundleTable(m.bundles)}

Our entries through Vite 8 (oxc minifier, NODE_ENV=production), the figures \`npm test\` holds:

| entry | min+gzip B | minified B | decided budget B | held by \`npm test\` B |
| --- | --- | --- | --- | --- |
| \`silent-refresh\` (axios) | **${int(m.vite.gzipped)}** | ${int(m.vite.minified)} | ${int(m.vite.decided)} | ${int(m.vite.budget)} |
| \`silent-refresh/fetch\` | **${int(m.viteFetch.gzipped)}** | ${int(m.viteFetch.minified)} | ${int(m.viteFetch.decided)} | ${int(m.viteFetch.budget)} |

Neither meets its decided budget: what the session-core, fetch and identity-server issues require
measures about 500 B more than the budgets leave room for (the README's "Bundle size" says where
it goes); \`npm test\` holds the measured sizes plus a little room until a decision. esbuild's
minifier makes ${int(ours?.gzipped ?? 0)} B of the main entry; the size test stays on the Vite figure.

axios-jwt ships CommonJS only (\`require("axios")\`); with axios external, esbuild's ESM output
calls \`require\`, which a browser lacks. In an app bundle that includes axios it loads.

## 4. Mock server under load, per store

autocannon on loopback, ${LOAD.connections} connections, one request at a time per connection,
${LOAD.durationS} s measured after a ${LOAD.warmUpS} s warm-up, ${m.mockServer.rounds} rounds;
figures are medians over the rounds, and "× hello" is the median of each round's ratio to a bare
Hono "hello" measured in the same round. Every server is a process of its own
(@hono/node-server); redis-server (Debian's, persistence off) is started for the run; the two
Redis instances share it and one secret, and autocannon spreads its connections over both. CPU
µs/request is the user + system time of the server processes (and of redis-server, for the Redis
rows) divided by the requests answered. On this 2-core machine autocannon, the servers and
redis-server share the cores, so "2 instances" shows the cost of sharing a store, not scaling.

Requests: \`GET /api/employees\` with a valid access token (verify the JWT, look up the family's
deny-list entry in the store), and \`POST /api/auth/refresh\` chained per connection, each
sending the cookie the previous answer set, so every request is a full rotation (verify the
refresh JWT, rotate the record atomically in the store, sign a new access and refresh token, set
the cookie), never a grace-window reuse. Fresh sessions are signed in before each run.

${mockServerTable(m.mockServer)}

Why the gap to "hello": it runs no middleware, while every mock-server request goes through CORS,
the body limit, the CSRF checks, cookie handling and the JSON envelope, and a rotation adds three
HMAC operations through jose, which on Node 20 runs each WebCrypto call on the thread pool (about
45 µs each, against about 2 µs for \`node:crypto\`'s \`createHmac\`; jose has no synchronous
path, and the mock server must also run in the browser under msw). The Redis store adds its round
trips: a protected GET reads one key, a rotation reads the record and writes it with the
compare-and-set script, plus the counters.
`
}

import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Entry points of the package; each maps to a subpath in package.json `exports`. */
const entries = {
  'src/index': here('src/index.ts'),
  'src/fetch': here('src/fetch.ts'),
  'src/oauth': here('src/oauth.ts'),
  'mock-server/index': here('mock-server/index.ts'),
  'mock-server/msw': here('mock-server/msw.ts'),
  'mock-server/node': here('mock-server/node.ts'),
  'mock-server/redis': here('mock-server/redis.ts'),
  'mock-server/vite': here('mock-server/vite.ts'),
  'mock-server/cli': here('mock-server/cli.ts'),
}

/**
 * SDK tests run on simulated time; what stays real is I/O (msw, servers on port 0, child
 * processes, npm pack), whose speed depends on the machine. Generous limits, so a busy machine
 * makes a run slower, never red; a test that needs more says so itself.
 */
const ioTimeouts = { testTimeout: 30_000, hookTimeout: 60_000 }

/**
 * Every core runs test files (vitest leaves one idle by default: half of a 2-core machine), in
 * worker threads, which start faster than processes.
 */
const workers = { pool: 'threads', maxWorkers: Math.max(2, availableParallelism()) } as const

// `vite build` builds the library; `vitest` runs the tests.
export default defineConfig({
  resolve: {
    // Tests import the public names, as users do (aliased to the sources; the built output is
    // checked separately). Exact matches, so a subpath never lands inside another entry.
    alias: [
      { find: /^silent-refresh$/, replacement: here('src/index.ts') },
      { find: /^silent-refresh\/(fetch|oauth)$/, replacement: here('src/$1.ts') },
      { find: /^silent-refresh\/mock-server$/, replacement: here('mock-server/index.ts') },
      {
        find: /^silent-refresh\/mock-server\/(msw|node|redis)$/,
        replacement: here('mock-server/$1.ts'),
      },
      { find: /^silent-refresh\/vite$/, replacement: here('mock-server/vite.ts') },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: { entry: entries, formats: ['es'] },
    rolldownOptions: {
      external: (id) => /^(node:|axios|hono|@hono\/|jose|msw|vite|redis$|@redis\/)/.test(id),
    },
  },
  test: {
    ...workers,
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['test/**/*.test.ts'], ...ioTimeouts },
      },
      {
        // The SDK runs in browsers: the same SDK tests again under happy-dom's window.
        extends: true,
        test: {
          name: 'happy-dom',
          environment: 'happy-dom',
          include: ['test/sdk/**/*.test.ts'],
          ...ioTimeouts,
        },
      },
      {
        // Real Chromium against the demo; `npm run test:e2e`.
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
})

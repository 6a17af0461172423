import { MissingPeerError, REDIS_PEERS, withPeers } from '../peers.js'
import { parseCliArgs, USAGE, UsageError } from './cli-args.js'
import { formatDuration } from './duration.js'
import { startMockServer } from './node-server.js'

/** The Redis store is loaded only when asked for, so `redis` stays an optional peer. */
async function openRedisStore(url: string) {
  const { createRedisStore } = await withPeers(
    'silent-refresh-mock-server --redis',
    REDIS_PEERS,
    () => import('./redis-store.js'),
  )
  return createRedisStore({ url })
}

/** Runs the command: serves until SIGINT/SIGTERM; bad flags print a message and exit with code 2. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await serve(argv, process.env)
  } catch (error) {
    // Bad flags and bad option values (TypeError from normalizeOptions) are usage errors.
    const usage = error instanceof UsageError || error instanceof TypeError
    console.error(
      `silent-refresh-mock-server: ${error instanceof Error ? error.message : String(error)}`,
    )
    if (usage) console.error('Run with --help for the options.')
    process.exit(usage || error instanceof MissingPeerError ? 2 : 1)
  }
}

async function serve(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const command = parseCliArgs(argv, env)
  if (command.kind === 'help') {
    console.log(USAGE)
    return
  }
  const store = command.redisUrl ? await openRedisStore(command.redisUrl) : undefined
  const server = await startMockServer({ ...command.options, store })
  const { options } = server.backend
  const config = await server.backend.config()
  const users = options.users.map((user) => `${user.username} / ${user.password}`).join(', ')
  console.log(`silent-refresh mock server listening on ${server.url}`)
  console.log(`  demo credentials: ${users}`)
  console.log(`  sessions in ${command.redisUrl ? 'Redis (shared, keys auth:*)' : 'memory'}`)
  console.log(
    `  access TTL ${formatDuration(config.accessTtlMs)}, refresh TTL ${formatDuration(config.refreshTtlMs)}, ` +
      `reuse grace ${formatDuration(config.reuseGraceMs)}, dev controls ${options.devControls ? 'on' : 'off'}`,
  )
  const stop = () => {
    server
      .close()
      .then(() => store?.close())
      .then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

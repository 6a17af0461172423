import { parseCliArgs, USAGE, UsageError } from './cli-args.js'
import { formatDuration } from './duration.js'
import { startMockServer } from './node-server.js'

/** Runs the command: serves until SIGINT/SIGTERM; bad flags print a message and exit with code 2. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await serve(argv)
  } catch (error) {
    // Bad flags and bad option values (TypeError from normalizeOptions) are usage errors.
    const usage = error instanceof UsageError || error instanceof TypeError
    console.error(
      `silent-refresh-mock-server: ${error instanceof Error ? error.message : String(error)}`,
    )
    if (usage) console.error('Run with --help for the options.')
    process.exit(usage ? 2 : 1)
  }
}

async function serve(argv: readonly string[]): Promise<void> {
  const command = parseCliArgs(argv)
  if (command.kind === 'help') {
    console.log(USAGE)
    return
  }
  const server = await startMockServer(command.options)
  const { options } = server.backend
  const config = await server.backend.config()
  const users = options.users.map((user) => `${user.username} / ${user.password}`).join(', ')
  console.log(`silent-refresh mock server listening on ${server.url}`)
  console.log(`  demo credentials: ${users}`)
  console.log(
    `  access TTL ${formatDuration(config.accessTtlMs)}, refresh TTL ${formatDuration(config.refreshTtlMs)}, ` +
      `reuse grace ${formatDuration(config.reuseGraceMs)}, dev controls ${options.devControls ? 'on' : 'off'}`,
  )
  const stop = () => {
    server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

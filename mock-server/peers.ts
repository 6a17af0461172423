/**
 * The mock server's libraries are optional peer dependencies, so that an app using only the SDK
 * installs none of them. Each entry point loads its implementation through `withPeers`: when one
 * is missing, the error names the packages and the command that installs them, instead of
 * Node's bare ERR_MODULE_NOT_FOUND for a package the user never chose.
 */
export class MissingPeerError extends Error {
  override readonly name = 'MissingPeerError'
  constructor(
    readonly entry: string,
    readonly missing: string,
    readonly install: string,
    options: { cause: unknown },
  ) {
    super(
      `${entry} needs the optional peer dependency ${missing}, which is not installed. ` +
        `Install what it needs with: ${install}`,
      options,
    )
  }
}

/** Loads an entry point's implementation; a missing peer becomes a `MissingPeerError`. */
export async function withPeers<T>(
  entry: string,
  peers: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load()
  } catch (error) {
    const { code, message = '' } = (error ?? {}) as { code?: string; message?: string }
    // Node: "Cannot find package 'hono' imported from …" (a subpath names its package too).
    const missing = peers.find((peer) => message.includes(`'${peer}'`))
    if (code !== 'ERR_MODULE_NOT_FOUND' || !missing) throw error
    throw new MissingPeerError(entry, missing, `npm i -D ${peers.join(' ')}`, { cause: error })
  }
}

/** What the backend itself runs on. */
export const BACKEND_PEERS = ['hono', 'jose'] as const
/** The backend on a Node socket: the server, the CLI and the Vite plugin. */
export const NODE_PEERS = [...BACKEND_PEERS, '@hono/node-server'] as const
/** The Redis store: the node-redis client. */
export const REDIS_PEERS = ['redis'] as const

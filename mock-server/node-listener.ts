import type { IncomingMessage, ServerResponse } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { MockBackend } from './backend'
import { envelopeResponse } from './envelope'

/** A Node `(req, res)` listener for the backend, shared by the server and the Vite plugin. */
export type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void>

/**
 * Converts Node requests to Fetch `Request`s and back (via @hono/node-server) and hands the
 * socket address to the backend as the client IP.
 */
export function createNodeListener(backend: MockBackend): NodeListener {
  return getRequestListener(
    (request, env) => backend.fetch(request, { clientIp: env.incoming.socket?.remoteAddress }),
    {
      // Leave the process's own Request/Response alone: inside Vite they belong to the host.
      overrideGlobalObjects: false,
      // Requests Node could not turn into a `Request` (bad Host, bad target) are still client mistakes.
      errorHandler: () => envelopeResponse(400, 'Malformed request'),
    },
  )
}

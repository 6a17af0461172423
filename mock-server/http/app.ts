import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Deps } from '../protocol/deps.js'
import { StoreUnavailableError } from '../protocol/store.js'
import type { AppEnv } from './app-env.js'
import { fail } from './envelope.js'
import { corsFor } from './middleware/cors.js'
import { authHeaders, withConfig } from './middleware/headers.js'
import { apiRoutes } from './routes/api.js'
import { authRoutes } from './routes/auth.js'
import { devRoutes } from './routes/dev.js'
import { deviceRoutes } from './routes/devices.js'

/** Seconds a client should wait before trying again after a store outage. */
const RETRY_AFTER_S = 1

/** The whole backend as one hono app; the mounts only convert requests and responses. */
export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', corsFor(deps))
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.options.maxBodyBytes,
      onError: (c) => {
        // The rest of the body was not read: the connection cannot carry another request.
        c.header('Connection', 'close')
        return fail(c, 413, 'Request body too large')
      },
    }),
  )
  app.use('/api/*', withConfig(deps))
  app.use('/api/auth/*', authHeaders(deps))
  app.route('/api/auth/sessions', deviceRoutes(deps))
  app.route('/api/auth', authRoutes(deps))
  app.route('/api', apiRoutes(deps))
  // The dev controls may play another device through the backend's own routes.
  if (deps.options.devControls)
    app.route(
      '/__mock',
      devRoutes(deps, async (request) => app.fetch(request)),
    )
  app.notFound((c) => fail(c, 404, 'Not found'))
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return fail(c, error.status as ContentfulStatusCode, error.message || 'Bad request')
    }
    // The store is down or too slow: "try again", not "broken" (a store that recovers is
    // used again at once).
    if (error instanceof StoreUnavailableError) {
      c.header('Retry-After', String(RETRY_AFTER_S))
      return fail(c, 503, `The session store is unavailable: ${error.message}`)
    }
    // Unreachable from client input (the fuzz test holds us to that); a bug if it shows.
    console.error('[silent-refresh mock-server]', error)
    return fail(c, 500, 'Internal error in the mock server')
  })
  return app
}

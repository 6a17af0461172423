import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Deps } from '../protocol/deps.js'
import type { AppEnv } from './app-env.js'
import { ClientError, fail } from './envelope.js'
import { corsFor } from './middleware/cors.js'
import { authHeaders, latency } from './middleware/headers.js'
import { apiRoutes } from './routes/api.js'
import { authRoutes } from './routes/auth.js'
import { devRoutes } from './routes/dev.js'
import { sessionRoutes } from './routes/devices.js'

/** The whole backend as one hono app; the mounts only convert requests and responses. */
export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', corsFor(deps))
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.options.maxBodyBytes,
      onError: (c) => fail(c, 413, 'Request body too large'),
    }),
  )
  app.use('/api/*', latency(deps))
  app.use('/api/auth/*', authHeaders(deps))
  app.route('/api/auth/sessions', sessionRoutes(deps))
  app.route('/api/auth', authRoutes(deps))
  app.route('/api', apiRoutes(deps))
  if (deps.options.devControls) app.route('/__mock', devRoutes(deps))
  app.notFound((c) => fail(c, 404, 'Not found'))
  app.onError((error, c) => {
    if (error instanceof ClientError) return fail(c, error.status, error.message)
    if (error instanceof HTTPException && error.status < 500) {
      return fail(c, error.status as ContentfulStatusCode, error.message || 'Bad request')
    }
    // Unreachable from client input (the fuzz test holds us to that); a bug if it shows.
    console.error('[silent-refresh mock-server]', error)
    return fail(c, 500, 'Internal error in the mock server')
  })
  return app
}

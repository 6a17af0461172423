import { createMiddleware } from 'hono/factory'
import type { Deps } from '../../protocol/deps.js'
import type { AppEnv } from '../app-env.js'

/**
 * Marks an answer the mount must not deliver: the Node server closes the connection instead, msw
 * answers with a network error. Callers of `backend.fetch()` see the header.
 */
export const DROP_CONNECTION_HEADER = 'X-Mock-Drop-Connection'

/**
 * `/__mock/config` `dropRefresh`: the refresh is carried out (the token rotates) but its answer
 * is lost, as when a connection breaks mid-refresh; the client's next try meets the grace window.
 */
export const dropRefresh = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    // The request's config snapshot says whether any drop is pending: only then take one
    // (an atomic store update), so an ordinary refresh pays no extra round trip.
    const drop = c.get('config').dropRefresh > 0 && (await deps.config.takeRefreshDrop())
    await next()
    if (drop) c.res.headers.set(DROP_CONNECTION_HEADER, '1')
  })

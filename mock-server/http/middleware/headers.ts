import { createMiddleware } from 'hono/factory'
import type { Deps } from '../../protocol/deps.js'
import type { AppEnv } from '../app-env.js'
import { readRefreshCookie } from '../cookie.js'

/**
 * Headers of every `/api/auth/*` answer: tokens must never be cached, and the demo page,
 * which cannot read an HttpOnly cookie, learns whether the browser sent it.
 */
export const authHeaders = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const carried = readRefreshCookie(c, deps) !== undefined
    await next()
    c.res.headers.set('Cache-Control', 'no-store')
    c.res.headers.set('X-Mock-Refresh-Cookie', carried ? 'present' : 'absent')
  })

/**
 * Reads the runtime config once for the request (it lives in the store, shared by instances),
 * and applies its simulated network latency.
 */
export const withConfig = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const config = await deps.config.read()
    c.set('config', config)
    if (config.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, config.latencyMs))
    await next()
  })

import { createMiddleware } from 'hono/factory'
import type { Deps } from '../../protocol/deps.js'
import type { AppEnv } from '../app-env.js'
import { readCookie } from '../cookie.js'

/**
 * Headers of every `/api/auth/*` answer: tokens must never be cached, and the demo page,
 * which cannot read an HttpOnly cookie, learns whether the browser sent it.
 */
export const authHeaders = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const carried = readCookie(c, deps.options.cookie.name) !== undefined
    await next()
    c.res.headers.set('Cache-Control', 'no-store')
    c.res.headers.set('X-Mock-Refresh-Cookie', carried ? 'present' : 'absent')
  })

/** Simulated network latency from `/__mock/config`. */
export const latency = (deps: Deps) =>
  createMiddleware<AppEnv>(async (_c, next) => {
    const ms = deps.config.current.latencyMs
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
    await next()
  })

import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Deps } from '../../protocol/deps.js'
import type { AppEnv } from '../app-env.js'
import { readJsonObject, stringField } from '../body.js'
import { clientError, fail, ok } from '../envelope.js'

/** The backend answering a request of its own, as if it came from outside. */
export type SelfFetch = (request: Request) => Promise<Response>

interface SimulatedDevice {
  userAgent: string
  /** Its refresh cookie as the server last set it; '' once cleared. */
  cookie: string
}

const key = (device: string) => `mock:device:${device}`

/**
 * `/__mock/devices`: another device of a user, played by the backend itself (a page cannot be
 * two browsers). It signs in through the real login route with its own User-Agent — so it gets
 * a device record of its own — and keeps its refresh cookie in the store, so the page can later
 * make it refresh and see what the server answers it: after a revoke, a refused refresh.
 */
export function simulatedDeviceRoutes(deps: Deps, self: SelfFetch) {
  const routes = new Hono<AppEnv>()
  const call = (c: { req: { url: string } }, path: string, userAgent: string, init: RequestInit) =>
    self(
      new Request(new URL(path, c.req.url), {
        method: 'POST',
        ...init,
        headers: {
          'User-Agent': userAgent,
          'X-Requested-With': 'simulated-device',
          ...init.headers,
        },
      }),
    )
  const cookieOf = (answer: Response) => {
    const prefix = `${deps.options.cookie.name}=`
    const line = answer.headers.getSetCookie().find((candidate) => candidate.startsWith(prefix))
    return line?.split(';')[0]?.slice(prefix.length)
  }
  const keep = (device: string, simulated: SimulatedDevice) =>
    deps.store.set(key(device), simulated, deps.options.refreshTtlMs)

  routes.post('/', async (c) => {
    const body = await readJsonObject(c)
    const userAgent = stringField(body, 'userAgent', 300)
    const credentials = {
      username: stringField(body, 'username'),
      password: stringField(body, 'password'),
    }
    const answer = await call(c, '/api/auth/login', userAgent, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(credentials),
    })
    const envelope = (await answer.json()) as { message: string; data: { device?: string } | null }
    const device = envelope.data?.device
    if (!answer.ok || !device)
      return fail(
        c,
        answer.status as ContentfulStatusCode,
        `The device could not sign in: ${envelope.message}`,
      )
    await keep(device, { userAgent, cookie: cookieOf(answer) ?? '' })
    return ok(c, { device, userAgent }, 'Signed in as another device')
  })

  routes.post('/:device/refresh', async (c) => {
    const device = c.req.param('device')
    const simulated = await deps.store.get<SimulatedDevice>(key(device))
    if (!simulated) throw clientError(404, 'No simulated device with this id')
    const answer = await call(c, '/api/auth/refresh', simulated.userAgent, {
      headers: { Cookie: `${deps.options.cookie.name}=${simulated.cookie}` },
    })
    const { message } = (await answer.json()) as { message: string }
    await keep(device, { ...simulated, cookie: cookieOf(answer) ?? simulated.cookie })
    return ok(c, { status: answer.status, message }, 'The device refreshed')
  })

  return routes
}

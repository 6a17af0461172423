import axios from 'axios'
import { HttpResponse, http } from 'msw'
import { createSilentRefresh } from 'silent-refresh'
import { createSilentFetch, HttpError } from 'silent-refresh/fetch'
import { describe, expect, it, vi } from 'vitest'
import { fetchFlavour } from './helpers/flavours'
import { useSdk } from './helpers/setup'
import { rejectionOf, settleAll, until } from './helpers/time'

// What only the fetch flavour has; the shared suites run every scenario on both flavours.
describe('the fetch flavour', () => {
  const t = useSdk({}, fetchFlavour)
  const url = (path: string) => `${t.backend.baseUrl}${path}`

  /** A POST echo behind the same token check as the test backend's API, reporting the body it got. */
  function echoBodies(headers: Array<string | null> = []) {
    const bodies: string[] = []
    t.server.use(
      http.post(url('/api/echo'), async ({ request }) => {
        bodies.push(await request.text())
        headers.push(request.headers.get('x-app'))
        const sent = request.headers.get('authorization')
        if (sent !== `Bearer ${t.backend.state.validToken}`)
          return HttpResponse.json({ code: 401 }, { status: 401 })
        return HttpResponse.json({ code: 200, sent })
      }),
    )
    return bodies
  }

  it.each([
    ['a string', () => 'plain text', 'plain text'],
    ['URLSearchParams', () => new URLSearchParams({ a: '1' }), 'a=1'],
    ['a Blob', () => new Blob(['blob body']), 'blob body'],
    ['an ArrayBuffer', () => new TextEncoder().encode('bytes').buffer, 'bytes'],
    ['a typed array', () => new TextEncoder().encode('typed'), 'typed'],
  ])('replays a request whose body is %s, with the same body', async (_, body, text) => {
    const bodies = echoBodies()
    const { auth } = t.client()
    auth.setSession({ accessToken: 'stale' })

    const response = await until(auth.fetch(url('/api/echo'), { method: 'POST', body: body() }))

    expect(response.status).toBe(200)
    expect(bodies).toEqual([text, text])
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('replays FormData with its fields', async () => {
    const bodies = echoBodies()
    const { auth } = t.client()
    auth.setSession({ accessToken: 'stale' })
    const form = new FormData()
    form.set('field', 'value')

    const response = await until(auth.fetch(url('/api/echo'), { method: 'POST', body: form }))

    expect(response.status).toBe(200)
    expect(bodies).toHaveLength(2)
    for (const body of bodies) expect(body).toContain('value')
  })

  it('replays a Request (a clone keeps its body), keeping its own headers', async () => {
    const seen: Array<string | null> = []
    const bodies = echoBodies(seen)
    const { auth } = t.client()
    auth.setSession({ accessToken: 'stale' })
    const request = new Request(url('/api/echo'), {
      method: 'POST',
      body: 'from a Request',
      headers: { 'X-App': 'kept' },
    })

    const response = await until(auth.fetch(request))

    expect(response.status).toBe(200)
    expect(bodies).toEqual(['from a Request', 'from a Request'])
    expect(seen).toEqual(['kept', 'kept'])
  })

  it('never replays a stream: the caller gets the 401, and the refresh it set off serves the next try', async () => {
    const bodies = echoBodies()
    const { auth } = t.client()
    auth.setSession({ accessToken: 'stale' })
    const stream = () =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('streamed'))
          controller.close()
        },
      })
    const init = () => ({ method: 'POST', body: stream(), duplex: 'half' }) as RequestInit

    const refused = await until(auth.fetch(url('/api/echo'), init()))
    expect(refused.status).toBe(401)
    expect(bodies).toEqual(['streamed'])
    await until(auth.refresh()) // joins the refresh the 401 started
    expect(t.backend.state.refreshes).toBe(1)

    const retried = await until(auth.fetch(url('/api/echo'), init()))
    expect(retried.status).toBe(200)
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('a replay refused again resolves with that response: no second refresh, no loop', async () => {
    t.server.use(
      http.get(url('/api/data/forbidden-forever'), () =>
        HttpResponse.json({ code: 401 }, { status: 401 }),
      ),
    )
    const { auth } = t.client()
    auth.setSession({ accessToken: 'stale' })

    const response = await until(auth.fetch(url('/api/data/forbidden-forever')))

    expect(response.status).toBe(401)
    expect(t.backend.state.refreshes).toBe(1)
  })

  it('looks the underlying fetch up at call time, so a fetch replaced later still applies', async () => {
    const { auth } = t.client()
    t.backend.accept('valid')
    auth.setSession({ accessToken: 'valid' })
    const original = globalThis.fetch
    const spy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => original(input, init))
    vi.stubGlobal('fetch', spy)
    try {
      const response = await until(auth.fetch(url('/api/data/x')))
      expect(response.status).toBe(200)
      expect(spy).toHaveBeenCalledTimes(1)
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('sends the cookie calls with credentials and the CSRF header, on relative URLs resolved against baseUrl', async () => {
    const credentials: RequestCredentials[] = []
    const spy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      credentials.push(init?.credentials ?? 'same-origin')
      return globalThis.fetch(input, init)
    })
    const { auth } = t.client({ fetch: spy })

    await until(auth.login({ password: 'secret' }))
    await until(auth.refresh())
    await until(auth.logout())

    expect(credentials).toEqual(['include', 'include', 'include'])
    expect(t.backend.state.wire).toEqual(['login', 'refresh', 'logout'])
    expect(t.backend.state.refreshHeaders[0]?.get('x-requested-with')).toBe('XMLHttpRequest')
    expect(t.backend.state.logoutHeaders[0]?.get('authorization')).toBe('Bearer at-2')
  })

  it('login() rejects with an HttpError that carries the status and the parsed body', async () => {
    const { auth } = t.client()

    const error = await rejectionOf(auth.login({ password: 'wrong' }))

    expect(error).toBeInstanceOf(HttpError)
    expect(error).toMatchObject({ code: 'ERR_HTTP', status: 401, data: { code: 401 } })
  })

  it('a custom refreshRequest gets the underlying fetch, the signal and the refresh token', async () => {
    const seen: Array<{ fetch: boolean; signal: boolean; refreshToken?: string }> = []
    const { auth } = t.client({
      refreshRequest: async ({ fetch, signal, refreshToken }) => {
        seen.push({
          fetch: typeof fetch === 'function',
          signal: signal instanceof AbortSignal,
          refreshToken,
        })
        return { access_token: `at-custom-${seen.length}`, refresh_token: `rt-${seen.length}` }
      },
    })
    auth.setSession({ accessToken: 'a', refreshToken: 'rt-0' })

    await until(auth.refresh())
    await until(auth.refresh())

    expect(seen).toEqual([
      { fetch: true, signal: true, refreshToken: 'rt-0' },
      { fetch: true, signal: true, refreshToken: 'rt-1' },
    ])
  })

  it('bad input rejects, as fetch does, instead of throwing', async () => {
    const { auth } = t.client()
    // A header pair with its value missing: every fetch refuses it (happy-dom with a DOMException).
    const init = { headers: [['x-half']] as unknown as HeadersInit }
    const plain = await rejectionOf<Error>(fetch(url('/api/data/x'), init))

    const call = auth.fetch(url('/api/data/x'), init) // a throw here would fail the test

    expect(await rejectionOf(call)).toBeInstanceOf(plain.constructor)
  })

  it('after dispose() it is the plain fetch: no token, no refresh', async () => {
    const { auth } = t.client()
    auth.setSession({ accessToken: 'stale' })
    auth.dispose()

    const response = await until(auth.fetch(url('/api/data/x')))

    expect(response.status).toBe(401)
    expect((await response.json()).sent).toBeNull()
    expect(t.backend.state.refreshes).toBe(0)
  })
})

describe('one session for axios and fetch', () => {
  const t = useSdk()

  it('shares one token and one refresh between the two clients, and one dispose', async () => {
    const api = axios.create({ baseURL: t.backend.baseUrl })
    const viaAxios = createSilentRefresh(api, { refreshAheadMs: false, crossTab: false })
    const viaFetch = createSilentFetch({ session: viaAxios })
    viaAxios.setSession({ accessToken: 'stale' })

    const { fulfilled, rejected } = await settleAll([
      api.get('/api/data/a').then((response) => response.data.sent),
      viaFetch.fetch(`${t.backend.baseUrl}/api/data/b`).then(async (r) => (await r.json()).sent),
      api.get('/api/data/c').then((response) => response.data.sent),
      viaFetch.fetch(`${t.backend.baseUrl}/api/data/d`).then(async (r) => (await r.json()).sent),
    ])

    expect(rejected).toEqual([])
    expect(fulfilled).toEqual(Array(4).fill('Bearer at-1'))
    expect(t.backend.state.refreshes).toBe(1)
    expect(viaFetch.getAccessToken()).toBe('at-1')

    viaFetch.dispose()
    expect((await rejectionOf(viaAxios.refresh())) as { code: string }).toMatchObject({
      code: 'ERR_DISPOSED',
    })
  })

  it('refuses, in development builds, a session option that is not one', () => {
    expect(() => createSilentFetch({ session: {} as never })).toThrow(/option `session` must come/)
  })
})

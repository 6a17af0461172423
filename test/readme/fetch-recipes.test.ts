// @vitest-environment happy-dom
// The README's recipes for clients that take a custom fetch (ky, ofetch, openapi-fetch), run as
// written against the mock server's msw handlers, under happy-dom as a browser app's tests run
// (the handlers keep the refresh cookie there). No time passes: the dev control that expires
// access tokens makes the next calls meet a 401.
import { setupServer } from 'msw/node'
import { createMockBackend } from 'silent-refresh/mock-server'
import { createHandlers } from 'silent-refresh/mock-server/msw'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recipe as ky } from './recipe-ky'
import { recipe as ofetch } from './recipe-ofetch'
import { recipe as openapiFetch } from './recipe-openapi-fetch'

const backend = createMockBackend()
const server = setupServer(...createHandlers(backend))
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe.each([
  ['ky', ky],
  ['ofetch', ofetch],
  ['openapi-fetch', openapiFetch],
])('the %s recipe', (_name, { auth, employees }) => {
  it('signs in, calls the API, and after the tokens are revoked refreshes once for five calls', async () => {
    await backend.reset()
    await auth.login({ username: 'admin', password: '123456' })
    expect((await employees()).data).toHaveLength(8)

    await backend.fetch(
      new Request('http://api.test/__mock/expire-access', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin' }),
      }),
    )
    const answers = await Promise.all(Array.from({ length: 5 }, employees))

    expect(answers.map((answer) => answer.data.length)).toEqual(Array(5).fill(8))
    expect(await backend.stats()).toMatchObject({ logins: 1, rotations: 1 })
    auth.dispose()
  })
})

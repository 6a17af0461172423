import { describe, expect, it } from 'vitest'
import { normalizeOptions } from '../../mock-server/protocol/options'
import { createMockBackend, defaultOptions } from '../../mock-server/public'

describe('options', () => {
  it('has the documented defaults', () => {
    const options = normalizeOptions()
    expect(options).toMatchObject({
      accessTtlMs: 30 * 60 * 1000,
      refreshTtlMs: 30 * 24 * 60 * 60 * 1000,
      reuseGraceMs: 10_000,
      trustProxy: false,
      allowedOrigins: [],
      devControls: true,
      cookie: { name: 'rt', path: '/api/auth', sameSite: 'Strict', secure: 'auto' },
    })
    expect(options.users.map((user) => [user.username, user.password])).toEqual([
      ['admin', '123456'],
      ['alice', 'wonderland'],
    ])
    expect(options.secret).toHaveLength(32)
    expect(normalizeOptions().secret).not.toEqual(options.secret)
    expect(defaultOptions.cookie.name).toBe('rt')
  })

  it('treats an explicit undefined as the default and merges partial cookie options', () => {
    const options = normalizeOptions({ accessTtlMs: undefined, cookie: { secure: false } })
    expect(options.accessTtlMs).toBe(30 * 60 * 1000)
    expect(options.cookie).toEqual({
      name: 'rt',
      path: '/api/auth',
      sameSite: 'Strict',
      secure: false,
    })
  })

  it.each([
    [{ accessTtlMs: 0 }, 'accessTtlMs'],
    [{ accessTtlMs: Number.NaN }, 'accessTtlMs'],
    [{ refreshTtlMs: 401 * 24 * 60 * 60 * 1000 }, 'refreshTtlMs'],
    [{ reuseGraceMs: -1 }, 'reuseGraceMs'],
    [{ secret: 'short' }, 'secret'],
    [{ allowedOrigins: ['http://localhost:5173/'] }, 'allowedOrigins'],
    [{ allowedOrigins: ['*'] }, 'allowedOrigins'],
    [{ cookie: { name: 'bad name' } }, 'cookie.name'],
    [{ cookie: { path: 'api' } }, 'cookie.path'],
    [{ cookie: { sameSite: 'None', secure: false } }, 'cookie.secure'],
    [{ users: [] }, 'users'],
    [{ users: [{ username: 'a:b', password: 'x' }] }, 'users[0]'],
    [
      {
        users: [
          { username: 'a', password: 'x' },
          { username: 'a', password: 'y' },
        ],
      },
      'users[1]',
    ],
    [{ trustProxy: 'yes' }, 'trustProxy'],
    [{ now: 5 }, 'now'],
  ])('throws a TypeError naming the bad option: %o', (options, name) => {
    expect(() => createMockBackend(options as never)).toThrow(TypeError)
    expect(() => createMockBackend(options as never)).toThrow(`"${name}"`)
  })

  it('accepts custom users with ids', async () => {
    const backend = createMockBackend({
      users: [{ username: 'bob@example.com', password: 'pw', id: 'u-1' }],
    })
    const res = await backend.fetch(
      new Request('http://localhost/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'bob@example.com', password: 'pw' }),
      }),
    )
    expect(res.status).toBe(200)
    expect(await backend.store.keys('rt:u-1:')).toHaveLength(1)
  })

  it('configure() validates like POST /__mock/config', async () => {
    const backend = createMockBackend()
    expect((await backend.configure({ latencyMs: 5 })).latencyMs).toBe(5)
    await expect(backend.configure({ reuseGraceMs: -5 })).rejects.toThrow(/reuseGraceMs/)
  })
})

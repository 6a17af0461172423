/** A user the mock backend accepts at `POST /api/auth/login`. */
export interface MockUser {
  username: string
  password: string
  /** Stable id used in store keys and the `sub` claim. @default the username */
  id?: string
  /** Display name. @default the username */
  name?: string
}

export interface ResolvedUser {
  id: string
  username: string
  password: string
  name: string
}

/** The demo credentials; the CLI prints them. */
export const defaultUsers: readonly MockUser[] = [
  { username: 'admin', password: '123456', name: 'Ada Admin' },
  { username: 'alice', password: 'wonderland', name: 'Alice Liddell' },
]

// Ids end up inside store keys separated by ':', so they must not contain one.
const ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/

export function resolveUsers(users: readonly MockUser[]): ResolvedUser[] {
  if (!Array.isArray(users) || users.length === 0) {
    throw new TypeError('createMockBackend: option "users" must be a non-empty array')
  }
  const seen = new Set<string>()
  return users.map((user, index) => {
    const label = `createMockBackend: option "users[${index}]"`
    if (
      typeof user?.username !== 'string' ||
      user.username === '' ||
      typeof user.password !== 'string'
    ) {
      throw new TypeError(`${label} needs a non-empty string username and a string password`)
    }
    const id = user.id ?? user.username
    if (!ID_PATTERN.test(id)) {
      throw new TypeError(`${label} has id ${JSON.stringify(id)}; ids must match ${ID_PATTERN}`)
    }
    if (seen.has(id) || seen.has(`name:${user.username}`)) {
      throw new TypeError(`${label} repeats the id or username of an earlier user`)
    }
    seen.add(id).add(`name:${user.username}`)
    return {
      id,
      username: user.username,
      password: user.password,
      name: user.name ?? user.username,
    }
  })
}

/** Checks credentials; compares every byte so timing does not reveal how much matched. */
export function authenticate(users: readonly ResolvedUser[], username: string, password: string) {
  const user = users.find((candidate) => candidate.username === username)
  const matches = constantTimeEqual(
    password,
    user?.password ?? '\u0000'.repeat(password.length + 1),
  )
  return user && matches ? user : undefined
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a)
  const right = new TextEncoder().encode(b)
  let difference = left.length ^ right.length
  for (let i = 0; i < left.length; i++)
    difference |= (left[i] ?? 0) ^ (right[i % right.length] ?? 0)
  return difference === 0
}

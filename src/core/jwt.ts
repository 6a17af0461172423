/** The JWT `exp` claim in epoch ms, or null when the token is opaque or unreadable. Never verifies: the server does. */
export function expiryFromJwt(token: string): number | null {
  try {
    const payload = token.split('.')[1] ?? ''
    const { exp } = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')))
    return typeof exp === 'number' ? exp * 1000 : null
  } catch {
    return null
  }
}

// The README's better-auth recipe, verbatim between the markers (readme-snippets.test.ts checks
// it); test/identity/better-auth.test.ts runs it against better-auth.
// --- README example: better-auth ---
import type { SilentRefreshOptions } from 'silent-refresh'

/** better-auth with its JWT plugin: the session cookie signs in, its token endpoint (a GET) gives JWTs. */
export const betterAuthOptions: SilentRefreshOptions = {
  loginUrl: '/api/auth/sign-in/email',
  logoutUrl: '/api/auth/sign-out',
  refreshRequest: ({ client, signal }) =>
    client.get('/api/auth/token', { signal }).then((response) => response.data),
}
// --- end of README example ---

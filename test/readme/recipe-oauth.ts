// The README's OAuth recipe, verbatim between the markers (readme-snippets.test.ts checks it);
// test/identity/oidc-provider.test.ts runs it against oidc-provider.
// --- README example: oauth ---
import type { SilentRefreshOptions } from 'silent-refresh'
import { oauthRefresh } from 'silent-refresh/oauth'

/** An OAuth server that returns the refresh token in the body (oidc-provider, Keycloak, Auth0…). */
export const oauthOptions = (tokenUrl: string): SilentRefreshOptions => ({
  refreshRequest: oauthRefresh({ tokenUrl, clientId: 'spa' }),
})
// --- end of README example ---

// The README's OAuth token endpoint example. test/e2e/sdk.e2e.ts runs it in Chromium against a
// token endpoint on another origin that allows no credentials; readme-snippets.test.ts checks
// that the README shows it. The two URLs are the README's constants, handed in by the test.
const { API_URL, TOKEN_URL } = (
  globalThis as { oauthExample?: { API_URL: string; TOKEN_URL: string } }
).oauthExample ?? { API_URL: '/', TOKEN_URL: 'https://auth.example.com/oauth/token' }

// --- README example: OAuth token endpoint ---
import axios from 'axios'
import { createSilentRefresh } from 'silent-refresh'

const api = axios.create({ baseURL: API_URL })
const auth = createSilentRefresh(api, {
  // The token endpoint is on the identity server's origin and needs no cookie: none is sent,
  // and no CSRF header, so the browser sends a simple CORS request that needs no preflight.
  refreshRequest: ({ client, signal }) =>
    client
      .post(TOKEN_URL, new URLSearchParams({ grant_type: 'refresh_token', client_id: 'spa' }), {
        signal,
      })
      .then((response) => response.data),
})

// --- end of README example ---

export { api, auth }

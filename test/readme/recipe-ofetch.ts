// The README's ofetch recipe, verbatim between the markers (readme-snippets.test.ts checks it);
// fetch-recipes.test.ts runs it against the mock server's msw handlers.
// --- README example: ofetch ---
import { createFetch } from 'ofetch'
import { createSilentFetch } from 'silent-refresh/fetch'

const auth = createSilentFetch({ baseUrl: 'http://api.test' })
const api = createFetch({ fetch: auth.fetch, defaults: { baseURL: 'http://api.test' } })
// --- end of README example ---

export const recipe = {
  auth,
  employees: () => api<{ data: unknown[] }>('/api/employees'),
}

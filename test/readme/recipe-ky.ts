// The README's ky recipe, verbatim between the markers (readme-snippets.test.ts checks it);
// fetch-recipes.test.ts runs it against the mock server's msw handlers.
// --- README example: ky ---
import ky from 'ky'
import { createSilentFetch } from 'silent-refresh/fetch'

const auth = createSilentFetch({ baseUrl: 'http://api.test' })
const api = ky.create({ prefixUrl: 'http://api.test', fetch: auth.fetch })
// --- end of README example ---

export const recipe = {
  auth,
  employees: () => api.get('api/employees').json<{ data: unknown[] }>(),
}

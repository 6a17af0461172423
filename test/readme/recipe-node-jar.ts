// The README's Node cookie-jar recipe, verbatim between the markers (readme-snippets.test.ts
// checks it); test/identity/node-cookie-jar.test.ts runs it against the mock server.
// --- README example: node cookie jar ---
import axios from 'axios'
import { HttpCookieAgent, HttpsCookieAgent } from 'http-cookie-agent/http'
import { createSilentRefresh } from 'silent-refresh'
import { CookieJar } from 'tough-cookie'

export function createNodeClient(baseURL: string) {
  const jar = new CookieJar()
  const api = axios.create({
    baseURL,
    httpAgent: new HttpCookieAgent({ cookies: { jar } }),
    httpsAgent: new HttpsCookieAgent({ cookies: { jar } }),
  })
  // The SDK's own refresh, login and logout go through the same agents, so through the jar.
  return { api, auth: createSilentRefresh(api), jar }
}
// --- end of README example ---

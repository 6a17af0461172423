import { BUNDLE_BUDGET_BYTES, BUNDLE_TARGET_BYTES, measureBundle } from './bundle-size'
import { measureOverhead } from './overhead'

// `npm run bench`: prints the numbers behind the README's speed and size claims.
const overhead = await measureOverhead()
console.log(
  `\nPer-request overhead, ${overhead.requests.toLocaleString('en')} requests each, fake adapter (median of 10 rounds)`,
)
console.table({
  'axios + header interceptor': { 'ns/request': Math.round(overhead.bareNs) },
  'axios + silent-refresh': { 'ns/request': Math.round(overhead.silentRefreshNs) },
  ratio: { 'ns/request': `${overhead.ratio.toFixed(3)}× (target ≤ 1.05×)` },
})

const size = await measureBundle()
console.log('\nMain entry as a browser bundle, axios external')
console.table({
  minified: { bytes: size.minified },
  'min+gzip': { bytes: size.gzipped, budget: BUNDLE_BUDGET_BYTES, target: BUNDLE_TARGET_BYTES },
})

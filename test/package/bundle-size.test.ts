import { describe, expect, it } from 'vitest'
import { BUNDLE_BUDGET_BYTES, measureBundle } from '../../bench/bundle-size'

describe('bundle size', () => {
  it(`the main entry stays within ${BUNDLE_BUDGET_BYTES} B min+gzip with axios external`, async () => {
    const { gzipped } = await measureBundle()
    expect(gzipped).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES)
  })
})

// @vitest-environment node
// The README's msw example, as a user runs it under vitest's node environment.
import './msw-example'

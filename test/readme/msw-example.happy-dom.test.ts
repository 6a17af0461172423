// @vitest-environment happy-dom
// The README's msw example, as a user runs it under vitest's happy-dom environment.
import './msw-example'

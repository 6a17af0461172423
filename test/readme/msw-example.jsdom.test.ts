// @vitest-environment jsdom
// The README's msw example, as a user runs it under vitest's jsdom environment.
import './msw-example'

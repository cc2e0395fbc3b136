// Renderer test files share one module registry per worker (vitest.config.ts `isolate: false`), so what one file
// leaves behind would reach the next: Testing Library's own auto-cleanup registers once, in the first file only,
// and the stores are module singletons. Each file therefore starts from the stores' first state and an empty
// document, and unmounts after each test.
import { cleanup } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'

interface ResettableStore {
  getInitialState: () => unknown
  setState: (state: unknown, replace: true) => void
}

const isStore = (value: unknown): value is ResettableStore =>
  typeof value === 'function' && 'getInitialState' in value && 'setState' in value

// Every zustand store of the renderer lives in a file named for it (`…-store.ts`).
const storeModules = import.meta.glob<Record<string, unknown>>('./**/*-store.ts', {
  eager: true,
})

beforeAll(() => {
  for (const exports of Object.values(storeModules))
    for (const value of Object.values(exports))
      if (isStore(value)) value.setState(value.getInitialState(), true)
})

afterEach(() => {
  cleanup()
})

afterAll(() => {
  cleanup()
  document.body.innerHTML = ''
  document.head.innerHTML = ''
  localStorage.clear()
  sessionStorage.clear()
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  delete window.pveDesk
})

import { beforeEach, describe, expect, it } from 'vitest'

import { consoleInfo } from '../features/consoles/test-console-main'
import { DETAILS_TAB, useConsoleStore } from './console-store'

const reset = (): void => {
  useConsoleStore.setState({ consoles: {}, order: [], active: DETAILS_TAB, local: {}, listed: false })
}

describe('console store', () => {
  beforeEach(reset)

  it('lists main’s consoles as tabs in their opening order, and adds opened ones at the end', () => {
    const store = useConsoleStore.getState()
    store.load([consoleInfo({ consoleId: 'b', openedAt: 20 }), consoleInfo({ consoleId: 'a', openedAt: 10 })])
    store.upsert(consoleInfo({ consoleId: 'c', openedAt: 30 }), true)
    const state = useConsoleStore.getState()
    expect(state.order).toEqual(['a', 'b', 'c'])
    expect(state.active).toBe('c')
    expect(state.listed).toBe(true)
  })

  it('switches tabs forwards and backwards, Details included, wrapping around', () => {
    const store = useConsoleStore.getState()
    store.load([consoleInfo({ consoleId: 'a' }), consoleInfo({ consoleId: 'b', openedAt: 2 })])
    store.cycle(1)
    expect(useConsoleStore.getState().active).toBe('a')
    store.cycle(1)
    store.cycle(1)
    expect(useConsoleStore.getState().active).toBe(DETAILS_TAB)
    store.cycle(-1)
    expect(useConsoleStore.getState().active).toBe('b')
    store.activate('nope')
    expect(useConsoleStore.getState().active).toBe('b')
  })

  it('closing the active tab shows its right-hand neighbour, else its left one, else Details', () => {
    const store = useConsoleStore.getState()
    store.load(['a', 'b', 'c'].map((id, i) => consoleInfo({ consoleId: id, openedAt: i })))
    store.activate('b')
    store.apply({ kind: 'removed', consoleId: 'b' })
    expect(useConsoleStore.getState()).toMatchObject({ order: ['a', 'c'], active: 'c' })
    store.remove('c')
    expect(useConsoleStore.getState().active).toBe('a')
    store.remove('a')
    expect(useConsoleStore.getState().active).toBe(DETAILS_TAB)
  })

  it('moves a tab to another place, within bounds', () => {
    const store = useConsoleStore.getState()
    store.load(['a', 'b', 'c'].map((id, i) => consoleInfo({ consoleId: id, openedAt: i })))
    store.move('c', 0)
    expect(useConsoleStore.getState().order).toEqual(['c', 'a', 'b'])
    store.move('c', 99)
    expect(useConsoleStore.getState().order).toEqual(['a', 'b', 'c'])
    store.move('a', -5)
    expect(useConsoleStore.getState().order).toEqual(['a', 'b', 'c'])
  })

  it('keeps metadata only: changes replace the description, and nothing byte-like is ever stored', () => {
    const store = useConsoleStore.getState()
    store.apply({ kind: 'changed', console: consoleInfo({ state: 'connecting' }) })
    store.apply({ kind: 'changed', console: consoleInfo({ state: 'connected', since: 2 }) })
    store.setAttachment('k1', { attachment: 'here' })
    expect(useConsoleStore.getState().consoles.k1?.state).toBe('connected')
    const seen: unknown[] = []
    const walk = (value: unknown): void => {
      seen.push(value)
      if (value !== null && typeof value === 'object')
        for (const child of Object.values(value as Record<string, unknown>)) walk(child)
    }
    const { consoles, order, active, local } = useConsoleStore.getState()
    walk({ consoles, order, active, local })
    expect(seen.some((v) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer)).toBe(false)
    expect(JSON.parse(JSON.stringify({ consoles, local }))).toEqual({ consoles, local })
  })
})

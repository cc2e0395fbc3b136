import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../shared/ipc/api'
import { consoleInfo } from '../features/consoles/test-console-main'
import { openConsole } from './console-actions'
import { DETAILS_TAB, useConsoleStore } from './console-store'

describe('opening a console', () => {
  const consoleOpen = vi.fn()
  beforeEach(() => {
    useConsoleStore.setState({ consoles: {}, order: [], active: DETAILS_TAB, local: {}, listed: true })
    consoleOpen.mockReset()
    consoleOpen.mockResolvedValue({
      ok: true,
      value: consoleInfo({ consoleId: 'new', target: { type: 'node', node: 'n1' } }),
    })
    window.pveDesk = { consoleOpen } as unknown as PveDeskApi
  })
  afterEach(() => {
    delete window.pveDesk
  })

  it('shows the tab of a live console of the same target and kind instead of opening another', async () => {
    const store = useConsoleStore.getState()
    store.load([
      consoleInfo({ consoleId: 'shell', target: { type: 'node', node: 'n1' } }),
      consoleInfo({ consoleId: 'other', target: { type: 'node', node: 'n2' }, openedAt: 2 }),
    ])
    const shown = await openConsole('c1', { type: 'node', node: 'n1' }, 'terminal')
    expect(shown?.consoleId).toBe('shell')
    expect(useConsoleStore.getState().active).toBe('shell')
    expect(consoleOpen).not.toHaveBeenCalled()
  })

  it('opens a new one when the same target’s console is closed, of another kind or another cluster', async () => {
    useConsoleStore
      .getState()
      .load([
        consoleInfo({ consoleId: 'ended', target: { type: 'node', node: 'n1' }, state: 'closed' }),
        consoleInfo({ consoleId: 'screen', target: { type: 'node', node: 'n1' }, kind: 'vnc' }),
        consoleInfo({ consoleId: 'elsewhere', clusterId: 'c2', target: { type: 'node', node: 'n1' } }),
      ])
    await openConsole('c1', { type: 'node', node: 'n1' }, 'terminal')
    expect(consoleOpen).toHaveBeenCalledTimes(1)
    expect(useConsoleStore.getState().active).toBe('new')
  })
})

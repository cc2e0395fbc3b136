import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { initI18n } from '../../i18n'
import { startConsoles, stopConsoles } from '../../stores/console-actions'
import { DETAILS_TAB, useConsoleStore } from '../../stores/console-store'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture } from '../../test-fixtures'
import { consoleInfo, FakeConsoleMain } from './test-console-main'
import { Workspace } from './Workspace'

// The views draw with xterm.js and noVNC, which need a real browser; the workspace is what is tested here.
vi.mock('./terminal/TerminalView', () => ({ TerminalView: () => <div data-testid="terminal-view" /> }))
vi.mock('./vnc/VncView', () => ({ VncView: () => <div data-testid="vnc-view" /> }))

const activeTab = (): string | null =>
  screen.getAllByRole('tab').find((tab) => tab.getAttribute('aria-selected') === 'true')?.textContent ?? null

describe('the console workspace', () => {
  let main: FakeConsoleMain
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(async () => {
    useConsoleStore.setState({ consoles: {}, order: [], active: DETAILS_TAB, local: {}, listed: false })
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({
      clusters: [
        clusterStateFixture('c1', [], { summary: { name: 'ACE', defaultSite: 'Km4' } }),
        clusterStateFixture('c2', [], { summary: { name: 'Yakro', defaultSite: 'Yamoussoukro' } }),
      ],
    })
    main = new FakeConsoleMain()
    main.add(consoleInfo({ consoleId: 'a', openedAt: 1 }))
    main.add(
      consoleInfo({
        consoleId: 'b',
        clusterId: 'c2',
        target: { type: 'node', node: 'yakro-pve1' },
        guestName: undefined,
        site: 'Yamoussoukro',
        kind: 'terminal',
        openedAt: 2,
      }),
    )
    main.add(
      consoleInfo({
        consoleId: 'c',
        target: { type: 'qemu', node: 'n1', vmid: 101 },
        guestName: 'naorlo-web01',
        kind: 'vnc',
        state: 'connecting',
        openedAt: 3,
      }),
    )
    window.pveDesk = main.api()
    await startConsoles()
    render(
      <MantineProvider>
        <Workspace details={<p>the details</p>} />
      </MantineProvider>,
    )
    await act(async () => {
      await Promise.resolve()
    })
  })
  afterEach(() => {
    cleanup()
    stopConsoles()
    delete window.pveDesk
  })

  it('shows Details first, then a tab per console across clusters: guest or node, cluster and node, state', () => {
    const tabs = screen.getAllByRole('tab')
    expect(tabs.map((t) => t.getAttribute('aria-label') ?? t.textContent)).toEqual([
      'Details',
      'Console: ct-web (200), ACE · n1, Km4, connected',
      'Shell: yakro-pve1, Yakro · yakro-pve1, Yamoussoukro, connected',
      'Screen: naorlo-web01 (101), ACE · n1, Km4, connecting…',
    ])
    expect(screen.getByText('the details')).toBeTruthy()
  })

  it('switches tabs with Ctrl+PageDown / Ctrl+PageUp, wherever the focus is', () => {
    fireEvent.keyDown(document.body, { key: 'PageDown', ctrlKey: true })
    expect(activeTab()).toContain('ct-web')
    fireEvent.keyDown(document.body, { key: 'PageUp', ctrlKey: true })
    fireEvent.keyDown(document.body, { key: 'PageUp', ctrlKey: true })
    expect(activeTab()).toContain('naorlo-web01')
    // The hidden panels stay mounted: a terminal keeps its screen.
    expect(screen.getAllByTestId('terminal-view')).toHaveLength(2)
  })

  it('moves the active tab with Ctrl+Shift+PageDown, and by dragging it onto another', () => {
    act(() => useConsoleStore.getState().activate('a'))
    fireEvent.keyDown(document.body, { key: 'PageDown', ctrlKey: true, shiftKey: true })
    expect(useConsoleStore.getState().order).toEqual(['b', 'a', 'c'])
    const data = new Map<string, string>()
    const dataTransfer = {
      setData: (type: string, value: string) => data.set(type, value),
      getData: (type: string) => data.get(type) ?? '',
      get types() {
        return [...data.keys()]
      },
      effectAllowed: 'none',
    }
    const tabOf = (id: string): Element =>
      document.querySelector(`.console-tab[data-console-id="${id}"]`) as Element
    fireEvent.dragStart(tabOf('c'), { dataTransfer })
    fireEvent.dragOver(tabOf('b'), { dataTransfer })
    fireEvent.drop(tabOf('b'), { dataTransfer })
    expect(useConsoleStore.getState().order).toEqual(['c', 'b', 'a'])
  })

  it('asks before closing a connected console (Ctrl+Shift+W, middle click), then puts the focus on the tabs', async () => {
    act(() => useConsoleStore.getState().activate('b'))
    fireEvent.keyDown(document.body, { key: 'W', ctrlKey: true, shiftKey: true })
    const dialog = await screen.findByRole('dialog', { name: 'Close this console?' })
    expect(dialog.textContent).toContain('yakro-pve1')
    expect(main.calls.filter((c) => c.method === 'close')).toEqual([])
    // The workspace's keys wait while a dialog is open: no tab switches behind it.
    fireEvent.keyDown(document.body, { key: 'PageDown', ctrlKey: true })
    expect(useConsoleStore.getState().active).toBe('b')
    fireEvent.click(screen.getByRole('button', { name: 'Close it' }))
    await act(async () => {
      await Promise.resolve()
    })
    expect(main.calls.filter((c) => c.method === 'close').map((c) => c.request)).toEqual([{ consoleId: 'b' }])
    // The neighbour is shown, but the focus is on its tab, not in its terminal.
    expect(useConsoleStore.getState().active).toBe('c')
    expect(document.activeElement?.getAttribute('role')).toBe('tab')
    expect(document.activeElement?.getAttribute('aria-selected')).toBe('true')

    fireEvent(
      document.querySelector('.console-tab[data-console-id="a"]') as Element,
      new MouseEvent('auxclick', { bubbles: true, button: 1 }),
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }))
    expect(useConsoleStore.getState().order).toContain('a')
    expect(document.activeElement?.getAttribute('role')).toBe('tab')
  })

  it('closes a console that is not connected at once, from its close button', async () => {
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Close the console (Ctrl+Shift+W, middle click): naorlo-web01 (101)',
      }),
    )
    await act(async () => {
      await Promise.resolve()
    })
    expect(main.calls.filter((c) => c.method === 'close').map((c) => c.request)).toEqual([{ consoleId: 'c' }])
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('puts the focus on the Details tab when the keys switch to it, and takes Home/End in the tabs', () => {
    act(() => useConsoleStore.getState().activate('a'))
    fireEvent.keyDown(document.body, { key: 'PageUp', ctrlKey: true })
    expect(activeTab()).toBe('Details')
    expect(document.activeElement?.id).toBe('details-tab')
    const tablist = screen.getByRole('tablist')
    fireEvent.keyDown(tablist, { key: 'End' })
    expect(useConsoleStore.getState().active).toBe('c')
    expect(document.activeElement?.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(tablist, { key: 'Home' })
    expect(document.activeElement?.id).toBe('details-tab')
  })

  it('tells when a console is shown in another window, and brings it back on request', async () => {
    main.current = 'detached'
    await act(async () => {
      await window.pveDesk?.openConsoleAttach({ consoleId: 'a' })
      await Promise.resolve()
    })
    act(() => useConsoleStore.getState().activate('a'))
    expect(screen.getAllByRole('tab')[1]?.getAttribute('aria-label')).toContain('Open in another window')
    main.current = 'workspace'
    fireEvent.click(screen.getByRole('button', { name: 'Bring it back' }))
    await act(async () => {
      await Promise.resolve()
    })
    expect(main.holder('a')?.window).toBe('workspace')
    expect(screen.queryByRole('button', { name: 'Bring it back' })).toBeNull()
  })
})

import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import i18next from 'i18next'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import { App } from '../../App'
import { initI18n } from '../../i18n'
import { DETAILS_TAB, useConsoleStore } from '../../stores/console-store'
import { useFleetStore } from '../../stores/fleet-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { clearSnapshotFleet } from '../../stores/snapshot-fleet'
import { useUiStore } from '../../stores/ui-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { openedFixture } from './inventory-fixtures'

// The views draw with xterm.js and noVNC, which need a real browser; none is open here.
vi.mock('../consoles/terminal/TerminalView', () => ({ TerminalView: () => null }))
vi.mock('../consoles/vnc/VncView', () => ({ VncView: () => null }))

const consoleOpen = vi.fn()
let inventoryOpen = vi.fn(() => Promise.resolve({ ok: true, value: openedFixture() }))

/**
 * Main as far as the window reaches it: listeners that never fire, lists that answer empty, the two spied, and the
 * live guest's panels still being read (an empty list is no panel: the summary has figures, charts, agent facts).
 */
function bridge(): void {
  const calls: Record<string, unknown> = { consoleOpen, inventoryOpen }
  window.pveDesk = new Proxy({} as PveDeskApi, {
    get: (_, name: string) =>
      calls[name] ??
      (name.startsWith('on')
        ? () => () => undefined
        : name.startsWith('panel')
          ? () => new Promise(() => undefined)
          : () => Promise.resolve({ ok: true, value: [] })),
  })
}

const renderApp = async (): Promise<void> => {
  render(
    <MantineProvider>
      <App />
    </MantineProvider>,
  )
  await act(async () => {
    await Promise.resolve()
  })
}

const open = async (selectKey?: string): Promise<void> => {
  await act(async () => {
    await useInventoryStore.getState().openFile('f1', selectKey)
  })
}

describe('the window while an inventory snapshot is shown', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(() => {
    consoleOpen.mockClear()
    inventoryOpen = vi.fn(() => Promise.resolve({ ok: true, value: openedFixture() }))
    bridge()
    useConsoleStore.setState({ consoles: {}, order: [], active: DETAILS_TAB, local: {}, listed: true })
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    // The same guest runs live, and the live user may open its consoles: only the snapshot's copy is off.
    useFleetStore.getState().load({
      clusters: [
        {
          ...clusterStateFixture('c1', [nodeFixture('c1', 'n1', 'Km4'), guestFixture({ name: 'web-live' })]),
          permissions: { '/vms': { 'VM.Console': 1, 'VM.PowerMgmt': 1 } },
        },
      ],
    })
    useUiStore.setState({ selected: { kind: 'guest', clusterId: 'c1', vmid: 100 }, filter: 'web' })
    useInventoryStore.setState({ opened: undefined, live: undefined, busy: undefined, failure: undefined })
  })
  afterEach(() => {
    cleanup()
    useInventoryStore.setState({ opened: undefined, live: undefined })
    clearSnapshotFleet()
    delete window.pveDesk
  })

  it('names the tree as the snapshot’s, read-only, says so aloud, and back to live focuses the same tree with the live search', async () => {
    await renderApp()
    const tree = screen.getByRole('tree', { name: i18next.t('tree.label') })
    const search = screen.getByRole<HTMLInputElement>('textbox', { name: i18next.t('search.label') })
    expect(search.value).toBe('web')
    await open()
    // The same element: the tree was not remounted (its caches and scroll stay).
    expect(screen.getByRole('tree')).toBe(tree)
    expect(tree.getAttribute('aria-label')).toMatch(/^Inventory snapshot of .*2026.* — read-only$/)
    expect(screen.getByTestId('offline-announcer').textContent).toMatch(
      /^Inventory snapshot of .*2026.* shown, read-only$/,
    )
    // The snapshot opens unfiltered.
    expect(search.value).toBe('')
    fireEvent.change(search, { target: { value: 'snap' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: i18next.t('inventory.offline.back') }))
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
    expect(screen.getByRole('tree')).toBe(tree)
    expect(tree.getAttribute('aria-label')).toBe(i18next.t('tree.label'))
    expect(document.activeElement).toBe(tree)
    expect(screen.getByTestId('offline-announcer').textContent).toBe(
      i18next.t('inventory.offline.announceClosed'),
    )
    expect(search.value).toBe('web')
    expect(useUiStore.getState().filter).toBe('web')
  })

  it('opens no console from the keyboard on a snapshot’s guest, whatever the keys', async () => {
    await renderApp()
    await open('c1/qemu/100')
    expect(useUiStore.getState().selected).toEqual({ kind: 'guest', clusterId: 'c1', vmid: 100 })
    const tree = screen.getByRole('tree')
    tree.focus()
    for (const init of [
      { key: 'Enter' },
      { key: 'Enter', shiftKey: true },
      { key: 'Enter', ctrlKey: true },
      { key: 'Enter', metaKey: true },
      { key: 'ContextMenu' },
      { key: 'F10', shiftKey: true },
    ])
      fireEvent.keyDown(tree, init)
    // A menu the keys opened offers nothing that acts.
    for (const item of screen.queryAllByRole('menuitem')) {
      expect(item.getAttribute('aria-disabled') === 'true' || (item as HTMLButtonElement).disabled).toBe(true)
      fireEvent.click(item)
    }
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
    expect(consoleOpen).not.toHaveBeenCalled()
  })

  it('says why "Clusters" is off on hover, though the button is disabled', async () => {
    await renderApp()
    await open()
    const manage = screen.getByRole<HTMLButtonElement>('button', { name: i18next.t('clusters.manage') })
    expect(manage.disabled).toBe(true)
    // A disabled button gets no pointer events: what is hovered is what holds it.
    fireEvent.mouseEnter(manage.parentElement as HTMLElement)
    expect(await screen.findByText(i18next.t('inventory.offline.actionsOff'))).toBeTruthy()
  })

  it('shows a snapshot without clusters as the snapshot, not as the live onboarding', async () => {
    useFleetStore.setState({ loaded: true, clusters: {}, items: {}, trees: {} })
    inventoryOpen = vi.fn(() =>
      Promise.resolve({
        ok: true,
        value: openedFixture({ fleet: { clusters: [] }, clusters: [], issues: [] }),
      }),
    )
    bridge()
    await renderApp()
    expect(screen.getByText(i18next.t('app.noClusters'))).toBeTruthy()
    await open()
    expect(screen.queryByText(i18next.t('app.noClusters'))).toBeNull()
    expect(screen.queryByRole('button', { name: i18next.t('clusters.add') })).toBeNull()
    expect(screen.getByTestId('offline-tree-label')).toBeTruthy()
  })
})

import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import { defaultWorkspacePreferences } from '../../../../shared/model/workspace'
import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { useOverlayStore } from '../../stores/overlay-store'
import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { CommandPalette } from './CommandPalette'

function seed(): void {
  useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
  useFleetStore.getState().load({
    clusters: [
      {
        ...clusterStateFixture(
          'c1',
          [
            nodeFixture('c1', 'pve-a', 'Km4'),
            guestFixture({ vmid: 101, node: 'pve-a', name: 'naorlo-web01', tags: ['naorlo'] }),
            guestFixture({
              vmid: 102,
              node: 'pve-a',
              name: 'naorlo-db01',
              tags: ['naorlo'],
              status: 'stopped',
            }),
            guestFixture({ vmid: 103, node: 'pve-a', name: 'dns01', tags: ['dns'] }),
          ],
          { summary: { name: 'ACE', sites: { 'pve-a': 'Km4' } } },
        ),
        permissions: { '/vms': { 'VM.PowerMgmt': 1 } },
      },
    ],
  })
  useUiStore.setState({ selected: undefined, filter: 'dns', multi: new Set(), collapsed: new Set() })
  useWorkspaceStore.setState({ preferences: defaultWorkspacePreferences(), loaded: true })
  useOverlayStore.setState({ palette: false, shortcuts: false })
}

const ctrlK = (target: Element = document.body): void => {
  fireEvent.keyDown(target, { key: 'k', code: 'KeyK', ctrlKey: true })
}

describe('the command palette', () => {
  let workspaceSet: ReturnType<typeof vi.fn>
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(() => {
    seed()
    workspaceSet = vi.fn((request: { preferences: unknown }) =>
      Promise.resolve({ ok: true, value: request.preferences }),
    )
    window.pveDesk = { workspaceSet } as unknown as PveDeskApi
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  const renderPalette = (): void => {
    render(
      <MantineProvider>
        <div className="xterm">
          <textarea aria-label="terminal" />
        </div>
        <CommandPalette />
      </MantineProvider>,
    )
  }

  it('opens on Ctrl+K, finds guests by the search syntax, and selects the one chosen with the keyboard', async () => {
    renderPalette()
    ctrlK()
    const search = await screen.findByRole('textbox', { name: 'Palette de commandes' })
    expect(useOverlayStore.getState().palette).toBe(true)
    fireEvent.change(search, { target: { value: 'status:stopped tag:naorlo' } })
    const found = await screen.findAllByRole('button', { name: /\(VM 10\d\)/ })
    expect(found.map((b) => b.textContent)).toEqual([expect.stringContaining('naorlo-db01 (VM 102)')])
    fireEvent.keyDown(search, { key: 'ArrowDown', code: 'ArrowDown' })
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter' })
    await waitFor(() =>
      expect(useUiStore.getState().selected).toEqual({ kind: 'guest', clusterId: 'c1', vmid: 102 }),
    )
    // The search that hid it is dropped, so the tree shows it.
    expect(useUiStore.getState().filter).toBe('')
    await waitFor(() => expect(useOverlayStore.getState().palette).toBe(false))
  })

  it('runs a command: the grouping by tag is written to the workspace', async () => {
    renderPalette()
    act(() => {
      useOverlayStore.getState().openPalette(true)
    })
    const search = await screen.findByRole('textbox', { name: 'Palette de commandes' })
    fireEvent.change(search, { target: { value: 'grouper' } })
    fireEvent.click(await screen.findByRole('button', { name: /Grouper l’arbre : Par étiquette/ }))
    expect(useWorkspaceStore.getState().preferences.grouping).toBe('tag')
    await waitFor(() => expect(workspaceSet).toHaveBeenCalled())
  })

  it('shows the selected guest’s actions, a disabled one saying why', async () => {
    useUiStore.setState({ selected: { kind: 'guest', clusterId: 'c1', vmid: 102 } })
    renderPalette()
    ctrlK()
    const start = await screen.findByRole('button', { name: /Démarrer/ })
    expect(start.hasAttribute('disabled')).toBe(false)
    const stop = screen.getByRole('button', { name: /^Arrêter/ })
    expect(stop.hasAttribute('disabled')).toBe(true)
    expect(stop.textContent).toContain('L’invité n’est pas démarré.')
  })

  it('leaves Ctrl+K to a terminal', () => {
    renderPalette()
    ctrlK(screen.getByRole('textbox', { name: 'terminal' }))
    expect(useOverlayStore.getState().palette).toBe(false)
  })
})

import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import { initI18n } from '../../i18n'
import { DEFAULT_PREFERENCES, useActionStore } from '../../stores/action-store'
import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { ActionsLayer } from './ActionsLayer'

const ref = { clusterId: 'c1', vmid: 101 }
let guestAction: ReturnType<typeof vi.fn<(request: unknown) => Promise<unknown>>>

function seed(tags: string[]): void {
  useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
  useFleetStore.getState().load({
    clusters: [
      {
        ...clusterStateFixture(
          'c1',
          [
            nodeFixture('c1', 'pve-a', 'Km4'),
            guestFixture({ vmid: 101, node: 'pve-a', name: 'db-01', tags }),
          ],
          { summary: { name: 'ACE', sites: { 'pve-a': 'Km4' } } },
        ),
        permissions: { '/vms': { 'VM.PowerMgmt': 1 } },
      },
    ],
  })
  useUiStore.setState({ selected: { kind: 'guest', ...ref }, multi: new Set() })
}

/** The actions layer beside a stand-in fleet tree and task dock, as the app lays them out. */
function renderApp(): { tree: HTMLElement; dock: HTMLElement } {
  render(
    <MantineProvider>
      <div role="tree" className="fleet-tree" tabIndex={0} data-testid="tree" />
      <div id="details-panel">
        <button type="button">a details button</button>
      </div>
      <div data-testid="dock">
        <button type="button">a task</button>
      </div>
      <ActionsLayer />
    </MantineProvider>,
  )
  return { tree: screen.getByTestId('tree'), dock: screen.getByRole('button', { name: 'a task' }) }
}

const chord = (target: Element, key: string): void => {
  fireEvent.keyDown(target, { key, code: `Key${key}`, altKey: true, shiftKey: true })
}

describe('the action keys act only where the selected guest is in sight', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(() => {
    useActionStore.setState({ dialog: undefined, toasts: [], preferences: DEFAULT_PREFERENCES })
    guestAction = vi.fn((): Promise<unknown> =>
      Promise.resolve({ ok: true, value: { ...ref, upid: 'UPID:pve-a:1:2:3:qmreboot:101:root@pam:' } }),
    )
    window.pveDesk = { guestAction } as unknown as PveDeskApi
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('Alt+Shift+R with the focus in the task dock, or on the page’s body, does nothing', async () => {
    seed(['web'])
    const { dock } = renderApp()
    dock.focus()
    chord(dock, 'R')
    chord(document.body, 'R')
    await act(() => Promise.resolve())
    expect(guestAction).not.toHaveBeenCalled()
    expect(useActionStore.getState().dialog).toBeUndefined()
  })

  it('in the tree, an ordinary guest reboots at once', async () => {
    seed(['web'])
    const { tree } = renderApp()
    tree.focus()
    chord(tree, 'R')
    await waitFor(() => expect(guestAction).toHaveBeenCalledWith({ guest: ref, action: { kind: 'reboot' } }))
  })

  it('in the details pane too, the selected guest’s own', async () => {
    seed(['web'])
    renderApp()
    const inDetails = screen.getByRole('button', { name: 'a details button' })
    inDetails.focus()
    chord(inDetails, 'R')
    await waitFor(() => expect(guestAction).toHaveBeenCalledWith({ guest: ref, action: { kind: 'reboot' } }))
  })

  it('a guard-railed guest is asked about first, its name typed, for a reboot, a shutdown, a suspend', async () => {
    seed(['prod'])
    const { tree } = renderApp()
    for (const key of ['R', 'H', 'P']) {
      tree.focus()
      chord(tree, key)
      await screen.findByTestId('action-guard-rail')
      expect(screen.getByTestId('action-type-name')).toBeTruthy()
      expect(guestAction).not.toHaveBeenCalled()
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
      await waitFor(() => expect(useActionStore.getState().dialog).toBeUndefined())
    }
  })

  it('after Escape the focus is back in the tree, and its keys work again', async () => {
    seed(['prod'])
    const { tree } = renderApp()
    tree.focus()
    chord(tree, 'R')
    const input = await screen.findByTestId('action-type-name')
    await waitFor(() => expect(document.activeElement).toBe(input))
    fireEvent.keyDown(input, { key: 'Escape', code: 'Escape' })
    await waitFor(() => expect(useActionStore.getState().dialog).toBeUndefined())
    await waitFor(() => expect(document.activeElement).toBe(tree))
    chord(tree, 'R')
    await screen.findByTestId('action-guard-rail')
  })
})

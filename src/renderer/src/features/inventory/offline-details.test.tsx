import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import i18next from 'i18next'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { InventoryItemDetails } from '../../../../shared/ipc/domains/inventory'
import { REDACTED } from '../../../../shared/model/inventory-snapshot'
import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { shownFleet } from '../../stores/shown-fleet'
import { loadSnapshotFleet } from '../../stores/snapshot-fleet'
import { useUiStore } from '../../stores/ui-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { DetailsPane } from '../details/DetailsPane'
import { rowLabel } from '../tree/row-label'
import { createTreeModel, rowsToArray } from '../tree/tree-model'
import { openedFixture } from './inventory-fixtures'

const guestDetails: InventoryItemDetails = {
  kind: 'guest',
  guest: {
    type: 'qemu',
    vmid: 100,
    node: 'n1',
    name: 'web-snap',
    config: {
      cores: 4,
      cipassword: REDACTED,
      net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
      parent: 'before-upgrade',
    },
    pending: [
      { key: 'memory', value: 4096, pending: 8192 },
      { key: 'tags', value: 'web', delete: 1 },
    ],
    guestSnapshots: [{ name: 'before-upgrade', snaptime: 1764500000, description: 'PVE 9' }],
    firewallRules: [],
  },
}

/** A snapshot open over a live fleet in which the same guest runs, with every privilege. */
function openSnapshot(): void {
  useFleetStore.getState().load({
    clusters: [
      {
        ...clusterStateFixture('c1', [nodeFixture('c1', 'n1', 'Km4'), guestFixture({ name: 'web-live' })]),
        permissions: { '/vms': { 'VM.PowerMgmt': 1, 'VM.Console': 1 } },
      },
    ],
  })
  const opened = openedFixture()
  loadSnapshotFleet(opened)
  useInventoryStore.setState({ opened })
}

const renderPane = (): void => {
  render(
    <MantineProvider>
      <DetailsPane />
    </MantineProvider>,
  )
}

describe('an inventory snapshot’s details', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(() => {
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    openSnapshot()
    window.pveDesk = {
      inventoryDetails: vi.fn(() => Promise.resolve({ ok: true, value: guestDetails })),
    } as unknown as PveDeskApi
  })
  afterEach(() => {
    cleanup()
    useInventoryStore.setState({ opened: undefined })
    delete window.pveDesk
  })

  it('offers no console and no right on a guest, and says why', async () => {
    useUiStore.setState({ selected: { kind: 'guest', clusterId: 'c1', vmid: 100 } })
    renderPane()
    expect(screen.getByRole('heading', { name: 'web-snap' })).toBeTruthy()
    const consoles = screen.getByRole('group', { name: i18next.t('consoles.menu') })
    const buttons = within(consoles).getAllByRole('button')
    expect(buttons.length).toBeGreaterThan(0)
    for (const button of buttons) expect((button as HTMLButtonElement).disabled).toBe(true)
    const why = i18next.t('inventory.offline.actionsOff')
    expect(screen.getByTestId('console-reason').textContent).toBe(why)
    // No one's privileges are recorded: no list of rights that would all say the same.
    expect(document.querySelector('[data-right]')).toBeNull()
    // The same guest is live and allowed: only the snapshot's copy is off.
    useInventoryStore.setState({ opened: undefined })
    expect(await screen.findByRole('heading', { name: 'web-live' })).toBeTruthy()
    expect(document.querySelector('[data-right="power"]')?.getAttribute('data-allowed')).toBe('true')
  })

  it('shows the captured configuration, redacted values as such, pending changes and guest snapshots', async () => {
    useUiStore.setState({ selected: { kind: 'guest', clusterId: 'c1', vmid: 100 } })
    renderPane()
    const config = await screen.findByRole('table', { name: 'Configuration' })
    expect(window.pveDesk?.inventoryDetails).toHaveBeenCalledWith({ snapshotId: 's1', key: 'c1/qemu/100' })
    const row = (key: string): string | null | undefined =>
      config.querySelector(`[data-key="${key}"]`)?.textContent
    expect(row('cores')).toBe('cores4')
    expect(row('cipassword')).toBe('cipasswordredacted')
    expect(config.querySelector('[data-key="cipassword"] [data-redacted="true"]')).not.toBeNull()
    const pending = screen.getByRole('table', { name: 'Pending changes (not in effect yet)' })
    expect(pending.querySelector('[data-key="memory"]')?.textContent).toBe('memory40968192')
    expect(pending.querySelector('[data-key="tags"]')?.textContent).toBe('tagswebto be removed')
    expect(screen.getByRole('table', { name: 'Guest snapshots' }).textContent).toContain('before-upgrade')
    expect(within(screen.getByRole('region', { name: 'Firewall rules' })).getByText('none')).toBeTruthy()
  })

  it('draws the first rows of a very long list, and the rest on demand', async () => {
    const rules = Array.from({ length: 250 }, (_, pos) => ({
      pos,
      type: 'in',
      action: 'ACCEPT',
      dport: '22',
    }))
    window.pveDesk = {
      inventoryDetails: () =>
        Promise.resolve({
          ok: true,
          value: { ...guestDetails, guest: { ...guestDetails.guest, firewallRules: rules } },
        }),
    } as unknown as PveDeskApi
    useUiStore.setState({ selected: { kind: 'guest', clusterId: 'c1', vmid: 100 } })
    renderPane()
    const table = await screen.findByRole('table', { name: 'Firewall rules' })
    expect(within(table).getAllByRole('row')).toHaveLength(201)
    fireEvent.click(screen.getByRole('button', { name: 'Show all 250 rows' }))
    expect(within(table).getAllByRole('row')).toHaveLength(251)
  })

  it('disables Retry on a captured cluster and says it was unreachable at capture, with its last-known date', () => {
    useUiStore.setState({ selected: { kind: 'cluster', site: 'VITIB', clusterId: 'c2' } })
    renderPane()
    expect(screen.getByText('unreachable at capture')).toBeTruthy()
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Retry now' }).disabled).toBe(true)
    expect(screen.getByTestId('offline-reason').textContent).toBe(i18next.t('inventory.offline.actionsOff'))
    expect(screen.getByText(/UTC 2026-11-30 08:15/)).toBeTruthy()
  })

  it('marks the tree rows with the captured state, not a live one', () => {
    const rows = rowsToArray(
      createTreeModel()({
        clusters: shownFleet().clusters,
        trees: shownFleet().trees,
        collapsed: new Set(),
        filter: '',
      }),
    )
    const labels = rows.map((r) => rowLabel(r, i18next.t, true))
    expect(labels).toContain('Cluster ACE, captured')
    expect(labels).toContain('Cluster VITIB, unreachable at capture, last known 2026-11-30 08:15 UTC')
    expect(labels).toContain('Node v1, online, last-known')
    expect(labels.some((l) => l.includes('stale'))).toBe(false)
  })
})

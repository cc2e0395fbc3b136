import { MantineProvider } from '@mantine/core'
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { GuestSnapshot } from '../../../../shared/model/guest-action'
import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { GuestSnapshots } from './GuestSnapshots'

const LIST: GuestSnapshot[] = [
  { name: 'before-upgrade', snaptime: 1_700_000_000, vmstate: false, current: false, description: 'v1' },
  { name: 'current', parent: 'before-upgrade', vmstate: false, current: true, description: 'You are here!' },
]

describe('the guest snapshots of the details pane', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('is a plain list whose buttons name their guest snapshot, without PVE’s English "You are here!"', async () => {
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({
      clusters: [
        {
          ...clusterStateFixture('c1', [
            nodeFixture('c1', 'pve-a', 'Km4'),
            guestFixture({ vmid: 101, node: 'pve-a', name: 'db-01' }),
          ]),
          permissions: { '/vms': { 'VM.Snapshot': 1, 'VM.Snapshot.Rollback': 1 } },
        },
      ],
    })
    window.pveDesk = {
      guestSnapshots: () => Promise.resolve({ ok: true, value: LIST }),
      onTaskEnded: () => () => undefined,
    } as unknown as PveDeskApi
    render(
      <MantineProvider>
        <GuestSnapshots clusterId="c1" vmid={101} />
      </MantineProvider>,
    )
    const list = await screen.findByRole('list', { name: 'Instantanés d’invité' })
    expect(screen.queryByRole('tree')).toBeNull()
    expect(screen.queryByRole('treeitem')).toBeNull()
    expect(within(list).getAllByRole('listitem')).toHaveLength(2)
    expect(within(list).getByRole('button', { name: 'Supprimer before-upgrade' })).toBeTruthy()
    expect(within(list).getByRole('button', { name: 'Revenir à before-upgrade' })).toBeTruthy()
    expect(list.textContent).toContain('MAINTENANT')
    expect(list.textContent).toContain('v1')
    expect(list.textContent).not.toContain('You are here!')
  })
})

import { MantineProvider } from '@mantine/core'
import { cleanup, render } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { FleetGuest } from '../../../../shared/model/fleet'
import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { GuestDetails } from './GuestDetails'

const guest = (pool?: string): FleetGuest => ({
  kind: 'guest',
  key: 'c1/qemu/100',
  clusterId: 'c1',
  type: 'qemu',
  vmid: 100,
  node: 'n1',
  name: 'web',
  status: 'running',
  template: false,
  tags: [],
  ...(pool === undefined ? {} : { pool }),
})

function show(g: FleetGuest): string | null {
  useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
  useFleetStore.getState().load({
    clusters: [
      {
        summary: {
          id: 'c1',
          name: 'ACE',
          readOnly: false,
          endpoints: [],
          sites: {},
          defaultSite: 'S',
          hasCredential: true,
        },
        status: { clusterId: 'c1', state: 'online', stale: false, lastUpdated: 1 },
        seq: 1,
        items: [g],
        // A grant on /vms that PVE reports; for a pool member PVE would also have listed /vms/100 itself.
        permissions: { '/vms': { 'VM.PowerMgmt': 1 } },
      },
    ],
  })
  const { container } = render(
    <MantineProvider>
      <GuestDetails clusterId="c1" vmid={100} />
    </MantineProvider>,
  )
  return container.querySelector('[data-right="power"]')?.getAttribute('data-allowed') ?? null
}

describe('guest details', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  afterEach(cleanup)

  it('asks the rights with the guest’s pool, as PVE answers them', () => {
    expect(show(guest())).toBe('true')
    cleanup()
    expect(show(guest('prod'))).toBe('false')
  })
})

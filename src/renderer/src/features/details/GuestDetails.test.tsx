import { MantineProvider } from '@mantine/core'
import { cleanup, render } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { FleetGuest } from '../../../../shared/model/fleet'
import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture } from '../../test-fixtures'
import { GuestDetails } from './GuestDetails'

const guest = (pool?: string): FleetGuest => guestFixture(pool === undefined ? {} : { pool })

function show(g: FleetGuest): string | null {
  useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
  useFleetStore.getState().load({
    clusters: [
      {
        ...clusterStateFixture('c1', [g], { summary: { name: 'ACE' } }),
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

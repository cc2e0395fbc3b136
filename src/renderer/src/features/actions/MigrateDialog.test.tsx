import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { MigrationCheck } from '../../../../shared/model/guest-action'
import { initI18n } from '../../i18n'
import { DEFAULT_PREFERENCES, useActionStore } from '../../stores/action-store'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture } from '../../test-fixtures'
import { ActionsLayer } from './ActionsLayer'
import { requestAction } from './request-action'

const ref = { clusterId: 'c1', vmid: 203 }
const check: MigrationCheck = {
  clusterId: 'c1',
  vmid: 203,
  node: 'n2',
  running: true,
  targets: [
    { node: 'n1', site: 'Km4', online: true, allowed: true, cpu: 0.2, maxcpu: 64, mem: 10, maxmem: 100 },
    { node: 'n2', site: 'Km4', online: true, allowed: true },
    { node: 'n3', site: 'VITIB', online: false, allowed: true },
    {
      node: 'n4',
      site: 'VITIB',
      online: true,
      allowed: false,
      notAllowedReason: 'storage local-zfs missing',
    },
  ],
  localDisks: [{ volid: 'local-lvm:vm-203-disk-0', size: 2 ** 30 }],
  localResources: [],
}
let guestAction: ReturnType<typeof vi.fn<(request: unknown) => Promise<unknown>>>

describe('the migrate dialog', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(() => {
    useActionStore.setState({ dialog: undefined, toasts: [], preferences: DEFAULT_PREFERENCES })
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({
      clusters: [
        {
          ...clusterStateFixture('c1', [guestFixture({ vmid: 203, node: 'n2', name: 'db-test' })]),
          permissions: { '/vms': { 'VM.Migrate': 1 } },
        },
      ],
    })
    guestAction = vi.fn((_request: unknown): Promise<unknown> =>
      Promise.resolve({
        ok: true,
        value: { clusterId: 'c1', vmid: 203, upid: 'UPID:n2:1:2:3:qmigrate:203:root@pam:' },
      }),
    )
    window.pveDesk = {
      guestAction,
      guestMigrateCheck: vi.fn(() => Promise.resolve({ ok: true, value: check })),
    } as unknown as PveDeskApi
    render(
      <MantineProvider>
        <ActionsLayer />
      </MantineProvider>,
    )
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('offers only online, allowed nodes other than its own, says why not, and copies local disks only once accepted and confirmed', async () => {
    act(() => requestAction(ref, 'migrate'))
    const targets = await screen.findAllByTestId('migrate-target')
    expect(targets.map((t) => t.getAttribute('data-node'))).toEqual(['n1', 'n3', 'n4'])
    expect(targets.map((t) => t.getAttribute('data-usable'))).toEqual(['true', 'false', 'false'])
    expect(targets[2]?.textContent).toContain('storage local-zfs missing')
    const run = screen.getByTestId<HTMLButtonElement>('action-migrate-run')
    fireEvent.click(within(targets[0] as HTMLElement).getByRole('radio'))
    // A target chosen, but the local disks not accepted: nothing may start.
    expect(run.disabled).toBe(true)
    fireEvent.click(screen.getByLabelText('Copy the local disks (with-local-disks)'))
    expect(run.disabled).toBe(false)
    fireEvent.click(run)
    // Copying disks can lose data midway: the confirmation comes first, nothing is sent yet.
    await screen.findByTestId('action-consequence')
    expect(guestAction).not.toHaveBeenCalled()
    fireEvent.click(screen.getByTestId('action-confirm-run'))
    await waitFor(() =>
      expect(guestAction).toHaveBeenCalledWith({
        guest: ref,
        action: { kind: 'migrate', target: 'n1', online: true, withLocalDisks: true },
      }),
    )
  })
})

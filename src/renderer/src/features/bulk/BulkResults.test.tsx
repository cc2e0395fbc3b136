import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import type { BulkProgress } from '../../../../shared/model/bulk'
import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { ROWS_PER_PAGE } from './BulkPreview'
import { BulkResults } from './BulkResults'

const revealTask = vi.hoisted(() => vi.fn<(clusterId: string, upid: string) => void>())
vi.mock('../../stores/task-store', () => ({ revealTask }))

const UPID = 'UPID:km4-pve1:00001234:00005678:674C1A2B:vzshutdown:110:root@pam:'

const progress: BulkProgress = {
  bulkId: 'b1',
  planId: 'p1',
  done: false,
  cancelled: false,
  results: [
    { key: 'ace/qemu/110', clusterId: 'ace', vmid: 110, state: 'ok', upid: UPID, exitstatus: 'OK' },
    {
      key: 'ace/qemu/111',
      clusterId: 'ace',
      vmid: 111,
      state: 'failed',
      error: { code: 'forbidden', message: 'Permission check failed (/vms/111, VM.PowerMgmt)' },
    },
    {
      key: 'ace/qemu/112',
      clusterId: 'ace',
      vmid: 112,
      state: 'warning',
      upid: `${UPID}x`,
      exitstatus: 'WARNINGS: 1',
    },
    { key: 'ace/qemu/113', clusterId: 'ace', vmid: 113, state: 'queued' },
  ],
}

describe('bulk results', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
    useFleetStore.getState().load({
      clusters: [
        clusterStateFixture(
          'ace',
          [
            nodeFixture('ace', 'n1', 'Km4'),
            ...[110, 111, 112, 113].map((vmid) =>
              guestFixture({ clusterId: 'ace', vmid, name: `dns${vmid}` }),
            ),
          ],
          { summary: { name: 'ace-prod' } },
        ),
      ],
    })
  })
  afterEach(cleanup)

  it('shows each guest’s state, PVE’s refusal in its own words, and opens a guest’s task', () => {
    render(
      <MantineProvider>
        <BulkResults progress={progress} />
      </MantineProvider>,
    )
    const results = screen.getByTestId('bulk-results')
    expect(results.getAttribute('data-done')).toBe('false')
    const group = within(screen.getByRole('region', { name: 'Km4 · ace-prod' }))
    const failed = group.getByRole('row', { name: /dns111/ })
    expect(failed.getAttribute('data-state')).toBe('failed')
    expect(failed.textContent).toContain('Permission check failed (/vms/111, VM.PowerMgmt)')
    expect(group.getByRole('row', { name: /dns112/ }).textContent).toContain('WARNINGS: 1')
    // A queued guest has no task yet: no link.
    expect(within(group.getByRole('row', { name: /dns113/ })).queryByRole('button')).toBeNull()
    fireEvent.click(group.getByRole('button', { name: 'Tâche de dns110' }))
    expect(revealTask).toHaveBeenCalledWith('ace', UPID)
    expect(screen.getByRole('status').textContent).toContain(
      '1 OK, 1 avec avertissements, 1 en échec, 1 restant, 0 annulé',
    )
  })

  it('renders 10,000 results as a bounded number of rows, their counts with plurals of their own', () => {
    const many: BulkProgress = {
      ...progress,
      planId: 'many',
      results: Array.from({ length: 10_000 }, (_, i) => ({
        key: `ace/qemu/${5000 + i}`,
        clusterId: 'ace',
        vmid: 5000 + i,
        state: i < 2 ? ('cancelled' as const) : ('queued' as const),
      })),
    }
    render(
      <MantineProvider>
        <BulkResults progress={many} />
      </MantineProvider>,
    )
    expect(screen.getAllByRole('row')).toHaveLength(ROWS_PER_PAGE)
    expect(screen.getByRole('status').textContent).toContain(
      '0 OK, 0 avec avertissements, 0 en échec, 9998 restants, 2 annulés',
    )
  })
})

import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { BulkPlan } from '../../../../shared/model/bulk'
import { initI18n } from '../../i18n'
import { useBulkStore } from '../../stores/bulk-store'
import { NewBulkDialog } from './NewBulkDialog'

const plan = (concurrency: number): BulkPlan => ({
  planId: `plan-${concurrency}`,
  action: { kind: 'stop' },
  concurrency,
  entries: [
    {
      key: 'ace/lxc/110',
      clusterId: 'ace',
      vmid: 110,
      name: 'dns01',
      type: 'lxc',
      node: 'km4-pve1',
      site: 'Km4',
      run: true,
    },
    {
      key: 'ace/lxc/310',
      clusterId: 'ace',
      vmid: 310,
      name: 'dns02',
      type: 'lxc',
      node: 'vitib-pve1',
      site: 'VITIB',
      run: true,
    },
    {
      key: 'ace/qemu/900',
      clusterId: 'ace',
      vmid: 900,
      name: 'tpl',
      type: 'qemu',
      node: 'km4-pve1',
      site: 'Km4',
      run: false,
      skip: 'template',
    },
  ],
})

describe('a new bulk action', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(cleanup)

  it('previews main’s plan, re-plans at another concurrency, and asks once more before a stop, naming the sites', async () => {
    const bulkPlan = vi.fn((request: { concurrency?: number }) =>
      Promise.resolve({ ok: true as const, value: plan(request.concurrency ?? 4) }),
    )
    const bulkRun = vi.fn((_: { planId: string }) =>
      Promise.resolve({ ok: true as const, value: { bulkId: 'b1' } }),
    )
    window.pveDesk = { bulkPlan, bulkRun } as unknown as PveDeskApi
    const guests = [
      { clusterId: 'ace', vmid: 110 },
      { clusterId: 'ace', vmid: 310 },
      { clusterId: 'ace', vmid: 900 },
    ]
    render(
      <MantineProvider>
        <NewBulkDialog action="stop" guests={guests} />
      </MantineProvider>,
    )
    // No options for a stop: straight to the preview, with the preferences' concurrency.
    await screen.findByText('2 invités concernés, 1 ignoré(s)')
    expect(bulkPlan).toHaveBeenCalledTimes(1)
    expect(bulkPlan.mock.calls[0]?.[0]).toEqual({ guests, action: { kind: 'stop' } })
    const concurrency = screen.getByRole('textbox', { name: /Actions simultanées par cluster/ })
    fireEvent.change(concurrency, { target: { value: '2' } })
    await waitFor(() =>
      expect(bulkPlan).toHaveBeenLastCalledWith({ guests, action: { kind: 'stop' }, concurrency: 2 }),
    )

    const run = screen.getByRole('button', { name: 'Lancer sur 2 invités' })
    await waitFor(() => expect(run.hasAttribute('data-loading')).toBe(false))
    fireEvent.click(run)
    // Nothing runs before the second question.
    expect(bulkRun).not.toHaveBeenCalled()
    expect(screen.getByRole('alertdialog').textContent).toContain(
      'Arrêter d’un coup 2 invités sur Km4, VITIB ?',
    )
    fireEvent.click(screen.getByRole('button', { name: 'Oui, arrêter 2 invités' }))
    // Exactly the plan previewed last, by its id.
    await waitFor(() => expect(bulkRun).toHaveBeenCalledWith({ planId: 'plan-2' }))
    await waitFor(() => expect(useBulkStore.getState().dialog).toEqual({ kind: 'run', bulkId: 'b1' }))
    expect(useBulkStore.getState().actions.b1).toBe('stop')
  })
})

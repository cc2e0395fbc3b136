import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { BulkActionKind, BulkPlan, BulkPlanEntry } from '../../../../shared/model/bulk'
import type { FleetGuest } from '../../../../shared/model/fleet'
import { initI18n } from '../../i18n'
import { useBulkStore } from '../../stores/bulk-store'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { NewBulkDialog } from './NewBulkDialog'

const plan = (concurrency: number): BulkPlan => ({
  planId: `plan-${concurrency}`,
  action: { kind: 'stop' },
  concurrency,
  entries: [
    {
      key: 'ace/qemu/110',
      clusterId: 'ace',
      vmid: 110,
      name: 'dns01',
      type: 'lxc',
      node: 'km4-pve1',
      site: 'Km4',
      run: true,
    },
    {
      key: 'ace/qemu/310',
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

/** The fleet as the window has it: these guests of ace, with their tags (the guard rails read them there). */
const loadFleet = (guests: FleetGuest[]): void => {
  useFleetStore.getState().load({
    clusters: [
      clusterStateFixture('ace', [nodeFixture('ace', 'n1', 'Km4'), ...guests], {
        summary: { name: 'ace-prod' },
      }),
    ],
  })
}

const guestEntry = (guest: FleetGuest): BulkPlanEntry => ({
  key: guest.key,
  clusterId: guest.clusterId,
  vmid: guest.vmid,
  name: guest.name,
  type: guest.type,
  node: guest.node,
  site: 'Km4',
  run: true,
})

/** Main's plan of this action over these guests, and a bulk run that only says it started. */
const mainFor = (
  action: BulkActionKind,
  guests: FleetGuest[],
): { bulkRun: ReturnType<typeof vi.fn<(request: { planId: string }) => Promise<unknown>>> } => {
  const bulkPlan = vi.fn(() =>
    Promise.resolve({
      ok: true as const,
      value: {
        planId: 'p',
        action: { kind: action },
        concurrency: 4,
        entries: guests.map(guestEntry),
      } as BulkPlan,
    }),
  )
  const bulkRun = vi.fn((_: { planId: string }) =>
    Promise.resolve({ ok: true as const, value: { bulkId: 'b' } }),
  )
  window.pveDesk = { bulkPlan, bulkRun } as unknown as PveDeskApi
  return { bulkRun }
}

const renderDialog = (action: BulkActionKind, guests: FleetGuest[]): void => {
  render(
    <MantineProvider>
      <NewBulkDialog action={action} guests={guests.map((g) => ({ clusterId: g.clusterId, vmid: g.vmid }))} />
    </MantineProvider>,
  )
}

describe('a new bulk action', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(() => {
    cleanup()
    useBulkStore.setState({ dialog: undefined })
  })

  it('previews main’s plan, re-plans at another concurrency, and asks once more before a stop, naming the sites', async () => {
    const bulkPlan = vi.fn((request: { concurrency?: number }) =>
      Promise.resolve({ ok: true as const, value: plan(request.concurrency ?? 4) }),
    )
    const bulkRun = vi.fn((_: { planId: string }) =>
      Promise.resolve({ ok: true as const, value: { bulkId: 'b1' } }),
    )
    window.pveDesk = { bulkPlan, bulkRun } as unknown as PveDeskApi
    loadFleet([110, 310, 900].map((vmid) => guestFixture({ clusterId: 'ace', vmid, name: `g${vmid}` })))
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
    await screen.findByText('2 invités concernés, 1 ignoré')
    expect(bulkPlan).toHaveBeenCalledTimes(1)
    expect(bulkPlan.mock.calls[0]?.[0]).toEqual({ guests, action: { kind: 'stop' } })
    const concurrency = screen.getByRole('textbox', { name: /Actions simultanées par cluster/ })
    fireEvent.change(concurrency, { target: { value: '2' } })
    await waitFor(() =>
      expect(bulkPlan).toHaveBeenLastCalledWith({ guests, action: { kind: 'stop' }, concurrency: 2 }),
    )

    // The red button names the action; its ellipsis says a question follows.
    const run = screen.getByRole('button', { name: 'Arrêter 2 invités…' })
    await waitFor(() => expect(run.hasAttribute('data-loading')).toBe(false))
    fireEvent.click(run)
    // Nothing runs before the second question.
    expect(bulkRun).not.toHaveBeenCalled()
    expect(screen.getByRole('alertdialog').textContent).toContain(
      'Arrêter d’un coup 2 invités sur Km4, VITIB ?',
    )
    // No protected guest here: nothing to type, and the question starts on Cancel, never on the red button.
    expect(screen.queryByTestId('bulk-guard')).toBeNull()
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Annuler' })))
    fireEvent.click(screen.getByRole('button', { name: 'Oui, arrêter 2 invités' }))
    // Exactly the plan previewed last, by its id.
    await waitFor(() => expect(bulkRun).toHaveBeenCalledWith({ planId: 'plan-2' }))
    await waitFor(() => expect(useBulkStore.getState().dialog).toEqual({ kind: 'run', bulkId: 'b1' }))
    expect(useBulkStore.getState().actions.b1).toBe('stop')
  })

  it('does not stop protected guests (tag prod) before their names are typed, each one', async () => {
    const db = guestFixture({ clusterId: 'ace', vmid: 106, name: 'naorlo-db02', tags: ['prod'] })
    const web = guestFixture({ clusterId: 'ace', vmid: 107, name: 'naorlo-web01', tags: ['Production'] })
    const lab = guestFixture({ clusterId: 'ace', vmid: 108, name: 'lab01' })
    loadFleet([db, web, lab])
    const { bulkRun } = mainFor('stop', [db, web, lab])
    renderDialog('stop', [db, web, lab])
    // The preview marks the protected guests.
    const preview = await screen.findByTestId('bulk-preview')
    expect(within(preview).getAllByRole('img', { name: 'Protégé par les garde-fous' })).toHaveLength(2)
    const run = screen.getByRole('button', { name: 'Arrêter 3 invités…' })
    await waitFor(() => expect(run.hasAttribute('data-loading')).toBe(false))
    fireEvent.click(run)
    const guard = screen.getByTestId('bulk-guard')
    expect(guard.textContent).toContain('2 invités protégés par les garde-fous (Arrêter)')
    expect(guard.textContent).toContain('naorlo-db02')
    expect(guard.textContent).not.toContain('lab01')
    const yes = screen.getByRole('button', { name: 'Oui, arrêter 3 invités' })
    expect(yes.hasAttribute('disabled')).toBe(true)
    // The question starts on the first field to type.
    const dbField = screen.getByRole('textbox', { name: 'Tapez naorlo-db02 pour confirmer' })
    await waitFor(() => expect(document.activeElement).toBe(dbField))
    // One name typed is not enough, nor the other's name twice, nor a near miss.
    fireEvent.change(dbField, { target: { value: 'naorlo-db02' } })
    expect(yes.hasAttribute('disabled')).toBe(true)
    const webField = screen.getByRole('textbox', { name: 'Tapez naorlo-web01 pour confirmer' })
    fireEvent.change(webField, { target: { value: 'naorlo-web1' } })
    expect(yes.hasAttribute('disabled')).toBe(true)
    fireEvent.click(yes)
    expect(bulkRun).not.toHaveBeenCalled()
    fireEvent.change(webField, { target: { value: ' naorlo-web01 ' } })
    expect(yes.hasAttribute('disabled')).toBe(false)
    fireEvent.click(yes)
    await waitFor(() => expect(bulkRun).toHaveBeenCalledWith({ planId: 'p' }))
  })

  it('asks before a shutdown of protected guests, and beyond 3 of them wants their number typed', async () => {
    const guests = [201, 202, 203, 204].map((vmid) =>
      guestFixture({ clusterId: 'ace', vmid, name: `prod${vmid}`, tags: ['prod'] }),
    )
    loadFleet(guests)
    const { bulkRun } = mainFor('shutdown', guests)
    renderDialog('shutdown', guests)
    fireEvent.click(screen.getByRole('button', { name: 'Aperçu' }))
    const run = await screen.findByRole('button', { name: 'Éteindre 4 invités…' })
    fireEvent.click(run)
    expect(bulkRun).not.toHaveBeenCalled()
    const yes = screen.getByRole('button', { name: 'Oui, éteindre 4 invités' })
    const count = screen.getByRole('textbox', { name: /Tapez le nombre d’invités protégés \(4\)/ })
    fireEvent.change(count, { target: { value: '3' } })
    expect(yes.hasAttribute('disabled')).toBe(true)
    fireEvent.change(count, { target: { value: '4' } })
    fireEvent.click(yes)
    await waitFor(() => expect(bulkRun).toHaveBeenCalledTimes(1))
  })

  it('shuts down guests the guard rails do not protect without a second question', async () => {
    const guests = [301, 302].map((vmid) => guestFixture({ clusterId: 'ace', vmid, name: `lab${vmid}` }))
    loadFleet(guests)
    const { bulkRun } = mainFor('shutdown', guests)
    renderDialog('shutdown', guests)
    fireEvent.click(screen.getByRole('button', { name: 'Aperçu' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Éteindre 2 invités' }))
    await waitFor(() => expect(bulkRun).toHaveBeenCalledTimes(1))
  })

  it('counts a planned guest the window no longer knows as protected (its tags cannot be read)', async () => {
    const known = guestFixture({ clusterId: 'ace', vmid: 401, name: 'lab401' })
    const gone = guestFixture({ clusterId: 'ace', vmid: 402, name: 'gone402' })
    loadFleet([known])
    const { bulkRun } = mainFor('stop', [known, gone])
    renderDialog('stop', [known, gone])
    fireEvent.click(await screen.findByRole('button', { name: 'Arrêter 2 invités…' }))
    expect(screen.getByRole('textbox', { name: 'Tapez gone402 pour confirmer' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Oui, arrêter 2 invités' }).hasAttribute('disabled')).toBe(true)
    expect(bulkRun).not.toHaveBeenCalled()
  })
})

import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { AgentFacts } from '../../../../../shared/model/panels'
import { initI18n } from '../../../i18n'
import { useAddressStore } from '../../../stores/address-store'
import { useFleetStore } from '../../../stores/fleet-store'
import { useTaskDock } from '../../../stores/task-dock-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../../test-fixtures'
import { GuestDetails } from '../../details/GuestDetails'
import { fakeCanvas } from '../charts/fake-canvas.testing'
import { resetPanelTabs } from '../panel-tab-store'
import type { FakeBridge } from './guest-fakes.testing'
import { BACKUPS, CONFIG, SUMMARY, TASKS, fakeBridge } from './guest-fakes.testing'

const ok = <T,>(value: T): { ok: true; value: T } => ({ ok: true, value })

function loadFleet(): void {
  useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
  useFleetStore.getState().load({
    clusters: [
      {
        ...clusterStateFixture('c1', [
          nodeFixture('c1', 'n1', 'S'),
          guestFixture({ vmid: 100, name: 'web-01' }),
          guestFixture({ vmid: 101, name: 'db-01' }),
        ]),
        permissions: { '/vms': { 'VM.Audit': 1 } },
      },
    ],
  })
}

let bridge: FakeBridge
function show(vmid = 100): ReturnType<typeof render> {
  return render(
    <MantineProvider>
      <GuestDetails clusterId="c1" vmid={vmid} />
    </MantineProvider>,
  )
}
const openTab = (name: string): void => {
  fireEvent.click(screen.getByRole('tab', { name }))
}

describe('the guest panel', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
    fakeCanvas()
  })
  beforeEach(() => {
    loadFleet()
    resetPanelTabs()
    useAddressStore.setState({ byGuest: new Map() })
    bridge = fakeBridge({
      panelGuestSummary: ok(SUMMARY),
      panelGuestConfig: ok(CONFIG),
      panelGuestBackups: ok(BACKUPS),
      panelGuestTasks: ok(TASKS),
    })
    window.pveDesk = bridge.api
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('summary: live extras, charts labelled with their peak, agent facts; addresses learned for ip:', async () => {
    show()
    expect(await screen.findByText('pc-q35-9.2+pve1')).toBeTruthy()
    expect(screen.getByText('started (group prod)')).toBeTruthy()
    expect(screen.getByRole('img', { name: 'CPU, last hour, max 43%' })).toBeTruthy()
    expect(within(screen.getByTestId('guest-interfaces')).getByText('10.20.0.11/24')).toBeTruthy()
    expect(screen.getByText('Debian GNU/Linux 12 (bookworm)')).toBeTruthy()
    expect(useAddressStore.getState().byGuest.get('c1/qemu/100')).toEqual(['10.20.0.11', 'fe80::1'])
    // Only the shown tab asks: one summary read, nothing else.
    expect(bridge.calls).toEqual(['panelGuestSummary 100'])
  })

  it.each<[AgentFacts['state'], string]>([
    ['off', 'Guest agent not enabled in the configuration.'],
    ['no_answer', 'The guest agent does not answer.'],
    ['not_running', 'The guest is not running: no agent facts.'],
  ])('says why the agent gives nothing (%s)', async (state, text) => {
    bridge.answers.panelGuestSummary = ok({ ...SUMMARY, agent: { state, interfaces: [] } })
    show()
    expect(await screen.findByText(text)).toBeTruthy()
    expect(useAddressStore.getState().byGuest.has('c1/qemu/100')).toBe(false)
  })

  it('hardware: pending changes old → new, removals struck through, with the legend; disks and NICs', async () => {
    show()
    openTab('Hardware')
    const entries = await screen.findByTestId('guest-hardware-entries')
    const cores = entries.querySelector('[data-key="cores"]')
    expect(cores?.querySelector('[data-pending="change"]')?.textContent).toBe('2 → 4')
    expect(entries.querySelector('[data-key="boot"]')).toBeNull()
    expect(screen.getByText('Pending: applied at the next start')).toBeTruthy()
    expect(within(screen.getByTestId('guest-disks')).getByText('32 GiB')).toBeTruthy()
    const nic = within(screen.getByTestId('guest-nics'))
    expect(nic.getByText('vmbr0')).toBeTruthy()
    expect(nic.getByText('20')).toBeTruthy()
    expect(nic.getByText('down')).toBeTruthy()
    openTab('Options')
    const options = await screen.findByTestId('guest-options-entries')
    expect(options.querySelector('[data-key="onboot"] [data-pending="delete"]')).toBeTruthy()
    expect(options.querySelector('[data-key="description"]')).toBeNull()
  })

  it('backups: every storage, age, verification; a storage that failed is listed, the rest shown', async () => {
    show()
    openTab('Backups')
    const panel = await screen.findByTestId('guest-backups')
    await within(panel).findByText('verify failed')
    expect(within(panel).getByText('not verified')).toBeTruthy()
    expect(within(panel).getByText('protected')).toBeTruthy()
    expect(within(panel).getByText('2 backups on local, pbs, nfs-old')).toBeTruthy()
    expect(within(panel).getByTestId('panel-gaps').textContent).toContain(
      'nfs-old: storage nfs-old is not online',
    )
    expect(panel.textContent).toMatch(/\d+ d ago/)
  })

  it('a failed refresh keeps the last answer, saying as of when and why', async () => {
    show()
    openTab('Backups')
    await screen.findByText('verify failed')
    bridge.answers.panelGuestBackups = {
      ok: false,
      error: { code: 'unreachable', message: 'cluster c1 does not answer' },
    }
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    const stale = await screen.findByRole('status')
    expect(stale.textContent).toMatch(/As of \d\d:\d\d:\d\d/)
    expect(stale.textContent).toContain('cluster c1 does not answer')
    expect(screen.getByText('verify failed')).toBeTruthy()
  })

  it('moving to another guest cancels the question still asked, and keeps the tab', async () => {
    bridge.answers.panelGuestBackups = () => new Promise(() => undefined)
    const view = show(100)
    openTab('Backups')
    await waitFor(() => expect(bridge.calls).toContain('panelGuestBackups 100'))
    view.rerender(
      <MantineProvider>
        <GuestDetails clusterId="c1" vmid={101} />
      </MantineProvider>,
    )
    await waitFor(() => expect(bridge.cancelled).toContain('panelGuestBackups 100'))
    expect(bridge.calls).toContain('panelGuestBackups 101')
    expect(screen.getByRole('tab', { name: 'Backups' }).getAttribute('aria-selected')).toBe('true')
  })

  it('tasks: a task opens its log in the task dock', async () => {
    show()
    openTab('Tasks')
    const open = await screen.findByRole('button', { name: 'Open the log of VM: start in the task dock' })
    act(() => {
      fireEvent.click(open)
    })
    expect(useTaskDock.getState().shown).toEqual({ clusterId: 'c1', upid: TASKS.tasks[0]?.upid })
    expect(useTaskDock.getState().open).toBe(true)
  })

  it('notes: Markdown rendered, the hostile parts inert', async () => {
    show()
    openTab('Notes')
    const notes = await screen.findByTestId('guest-notes-text')
    expect(notes.querySelector('h1')?.textContent).toBe('Web')
    expect(notes.querySelector('[onerror]')).toBeNull()
    const link = within(notes).getByText('evil')
    expect(link.getAttribute('href')).toBeNull()
    expect((window as { pwned?: number }).pwned).toBeUndefined()
  })
})

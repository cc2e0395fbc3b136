import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import i18next from 'i18next'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import { initI18n } from '../../i18n'
import { DEFAULT_PREFERENCES, useActionStore } from '../../stores/action-store'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { ActionsLayer } from './ActionsLayer'
import { requestAction } from './request-action'

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
}

const renderLayer = (): void => {
  render(
    <MantineProvider>
      <ActionsLayer />
    </MantineProvider>,
  )
}

describe('the confirmation of an action that loses state', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(() => {
    useActionStore.setState({ dialog: undefined, toasts: [], preferences: DEFAULT_PREFERENCES })
    guestAction = vi.fn((_request: unknown): Promise<unknown> =>
      Promise.resolve({
        ok: true,
        value: { clusterId: 'c1', vmid: 101, upid: 'UPID:pve-a:1:2:3:qmstop:101:root@pam:' },
      }),
    )
    window.pveDesk = { guestAction } as unknown as PveDeskApi
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('names site, cluster, node, guest and vmid; a prod guest runs only once its name is typed', async () => {
    seed(['prod'])
    renderLayer()
    act(() => requestAction(ref, 'stop'))
    const who = await screen.findByTestId('action-guest')
    expect(who.textContent).toContain('Km4')
    expect(who.textContent).toContain('ACE')
    expect(who.textContent).toContain('pve-a')
    expect(who.textContent).toContain('db-01')
    expect(who.textContent).toContain('101')
    const run = screen.getByTestId<HTMLButtonElement>('action-confirm-run')
    expect(run.disabled).toBe(true)
    const typed = screen.getByLabelText(i18next.t('actions.confirm.typeName', { name: 'db-01' }))
    fireEvent.change(typed, { target: { value: 'db-0' } })
    expect(run.disabled).toBe(true)
    fireEvent.click(run)
    expect(guestAction).not.toHaveBeenCalled()
    fireEvent.change(typed, { target: { value: 'db-01' } })
    expect(run.disabled).toBe(false)
    fireEvent.click(run)
    await waitFor(() => expect(useActionStore.getState().dialog).toBeUndefined())
    expect(guestAction).toHaveBeenCalledWith({ guest: ref, action: { kind: 'stop' } })
    // The toast says what started, on whom, with a way to its task.
    const toast = await screen.findByTestId('action-toast')
    expect(toast.textContent).toContain('db-01')
    expect(toast.textContent).toContain(i18next.t('actions.toast.showTask'))
  })

  it('a guest without guard-railed tags needs no typing, and PVE’s refusal stays in the dialog in its words', async () => {
    seed(['web'])
    guestAction.mockImplementation(() =>
      Promise.resolve({
        ok: false,
        error: { code: 'forbidden', message: 'Permission check failed (/vms/101, VM.PowerMgmt)' },
      }),
    )
    renderLayer()
    act(() => requestAction(ref, 'stop'))
    await screen.findByTestId('action-guest')
    expect(screen.queryByTestId('action-type-name')).toBeNull()
    fireEvent.click(screen.getByTestId('action-confirm-run'))
    const error = await screen.findByTestId('action-error')
    expect(error.textContent).toContain('Permission check failed (/vms/101, VM.PowerMgmt)')
    expect(useActionStore.getState().dialog?.type).toBe('confirm')
  })

  it('a start asks nothing and runs at once', async () => {
    seed(['prod'])
    renderLayer()
    const stopped = useFleetStore.getState().trees.c1?.guests.get(101)
    expect(stopped).toBeDefined()
    useFleetStore.getState().load({
      clusters: [
        {
          ...clusterStateFixture(
            'c1',
            [guestFixture({ vmid: 101, node: 'pve-a', name: 'db-01', tags: ['prod'], status: 'stopped' })],
            { seq: 2 },
          ),
          permissions: { '/vms': { 'VM.PowerMgmt': 1 } },
        },
      ],
    })
    act(() => requestAction(ref, 'start'))
    await waitFor(() => expect(guestAction).toHaveBeenCalledWith({ guest: ref, action: { kind: 'start' } }))
    expect(useActionStore.getState().dialog).toBeUndefined()
  })
})

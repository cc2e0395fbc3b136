import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import { initI18n } from '../../i18n'
import { DEFAULT_PREFERENCES, useActionStore } from '../../stores/action-store'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { ActionsLayer } from './ActionsLayer'
import { requestAction } from './request-action'

const ref = { clusterId: 'c1', vmid: 101 }
const REFUSAL = { ok: false, error: { code: 'pve_error', message: 'VM 101 is locked (backup)' } }
const STARTED = { ok: true, value: { ...ref, upid: 'UPID:pve-a:1:2:3:qmstop:101:root@pam:' } }

/** guestAction's answers, each given when the test says. */
let answers: ((answer: unknown) => void)[]
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

const answer = async (value: unknown): Promise<void> => {
  await act(async () => {
    answers.shift()?.(value)
    await Promise.resolve()
  })
}

describe('a confirmation while its action runs', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(() => {
    useActionStore.setState({ dialog: undefined, toasts: [], preferences: DEFAULT_PREFERENCES })
    answers = []
    guestAction = vi.fn(
      (): Promise<unknown> =>
        new Promise((resolve) => {
          answers.push(resolve)
        }),
    )
    window.pveDesk = { guestAction } as unknown as PveDeskApi
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('the typed name then Enter runs it, once however often Enter is pressed', async () => {
    seed(['prod'])
    renderLayer()
    act(() => requestAction(ref, 'stop'))
    const typed = await screen.findByTestId<HTMLInputElement>('action-type-name')
    fireEvent.change(typed, { target: { value: 'db-0' } })
    fireEvent.submit(typed.form as HTMLFormElement)
    expect(guestAction).not.toHaveBeenCalled()
    fireEvent.change(typed, { target: { value: 'db-01' } })
    fireEvent.submit(typed.form as HTMLFormElement)
    fireEvent.submit(typed.form as HTMLFormElement)
    expect(guestAction).toHaveBeenCalledTimes(1)
    expect(guestAction).toHaveBeenCalledWith({ guest: ref, action: { kind: 'stop' } })
    await answer(STARTED)
    await waitFor(() => expect(useActionStore.getState().dialog).toBeUndefined())
  })

  it('Escape does not close it while it runs: PVE’s refusal is shown in it', async () => {
    seed(['web'])
    renderLayer()
    act(() => requestAction(ref, 'stop'))
    fireEvent.click(await screen.findByTestId('action-confirm-run'))
    expect(guestAction).toHaveBeenCalledTimes(1)
    fireEvent.keyDown(screen.getByTestId('action-confirm-run'), { key: 'Escape', code: 'Escape' })
    await answer(REFUSAL)
    const error = await screen.findByTestId('action-error')
    expect(error.textContent).toContain('VM 101 is locked (backup)')
    expect(useActionStore.getState().dialog?.type).toBe('confirm')
  })

  it('closed by Cancel meanwhile, the refusal comes as a toast naming the guest, its cluster and site', async () => {
    seed(['web'])
    renderLayer()
    act(() => requestAction(ref, 'stop'))
    fireEvent.click(await screen.findByTestId('action-confirm-run'))
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(useActionStore.getState().dialog).toBeUndefined())
    await answer(REFUSAL)
    const toast = await screen.findByTestId('action-toast')
    expect(toast.getAttribute('data-outcome')).toBe('failed')
    expect(toast.textContent).toContain('VM 101 is locked (backup)')
    expect(toast.textContent).toContain('db-01')
    const where = screen.getByTestId('action-toast-where')
    expect(where.getAttribute('data-site')).toBe('Km4')
    expect(where.textContent).toContain('ACE')
  })

  it('a success after its dialog was closed leaves the dialog opened meanwhile alone', async () => {
    seed(['web'])
    renderLayer()
    act(() => requestAction(ref, 'stop'))
    fireEvent.click(await screen.findByTestId('action-confirm-run'))
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(useActionStore.getState().dialog).toBeUndefined())
    act(() => requestAction(ref, 'reset'))
    await screen.findByTestId('action-confirm')
    await answer(STARTED)
    // The stop's toast says it started; the reset's confirmation is still there, untouched.
    expect((await screen.findByTestId('action-toast')).getAttribute('data-outcome')).toBe('started')
    expect(useActionStore.getState().dialog).toEqual({
      type: 'confirm',
      guest: ref,
      action: { kind: 'reset' },
    })
    expect(screen.getByTestId<HTMLButtonElement>('action-confirm-run').disabled).toBe(false)
  })
})

import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture } from '../../test-fixtures'
import { StopTaskButton } from './StopTaskButton'
import { taskFixture } from './test-tasks'

beforeAll(async () => {
  await initI18n('fr-FR')
})

const migration = taskFixture({ type: 'qmigrate', user: 'root@pam' })

describe('stopping a running task', () => {
  beforeEach(() => {
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({
      clusters: [
        clusterStateFixture('c1', [guestFixture({ vmid: 100, name: 'web-01' })], {
          summary: { name: 'ACE' },
        }),
      ],
    })
    useFleetStore
      .getState()
      .setPermissions({ clusterId: 'c1', permissions: { '/nodes/n1': { 'Sys.Modify': 1 } } })
  })
  afterEach(cleanup)

  it('opens its confirmation with the focus on Cancel, not on the red Stop (Enter must not stop at once)', async () => {
    render(
      <MantineProvider>
        <StopTaskButton task={migration} />
      </MantineProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Arrêter' }))
    const dialog = await screen.findByRole('dialog')
    const cancel = screen.getByRole('button', { name: 'Annuler' })
    await waitFor(() => expect(document.activeElement).toBe(cancel))
    expect(dialog.textContent).toContain('ACE')
    act(() => {
      fireEvent.click(cancel)
    })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(screen.queryByTestId('task-stop-error')).toBeNull()
  })

  it('is disabled with the reason while the cluster does not answer', () => {
    const status = useFleetStore.getState().clusters.c1?.status
    if (status === undefined) throw new Error('status')
    useFleetStore.getState().setStatus({ ...status, state: 'unreachable' })
    render(
      <MantineProvider>
        <StopTaskButton task={migration} />
      </MantineProvider>,
    )
    expect(screen.getByRole('button', { name: 'Arrêter' }).hasAttribute('disabled')).toBe(true)
  })
})

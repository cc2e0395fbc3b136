import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import i18next from 'i18next'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { useTaskDock } from '../../stores/task-dock-store'
import { useTaskStore } from '../../stores/task-store'
import { clusterStateFixture, guestFixture } from '../../test-fixtures'
import { siteColour as colourOf } from '../consoles/site-colour'
import { OK_TOAST_MS, TaskToasts } from './TaskToasts'
import { toastStack } from './toast-stack'
import { endedFixture, taskFixture } from './test-tasks'

beforeAll(async () => {
  await initI18n('fr-FR')
})

const show = (): void => {
  render(
    <MantineProvider>
      <TaskToasts />
    </MantineProvider>,
  )
}

describe('task toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    // Preferences are not asked of main here: no bridge, the defaults hold.
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({
      clusters: [
        clusterStateFixture('c1', [guestFixture({ vmid: 100, name: 'web-01' })], {
          summary: { name: 'ACE', defaultSite: 'Km4' },
        }),
      ],
    })
    useTaskStore.setState({ loaded: true, tasks: new Map(), notices: [] })
    useTaskDock.setState({ open: false, shown: undefined })
  })
  afterEach(() => {
    cleanup()
    vi.useRealTimers()
  })

  it('tells a task that ended OK, then lets it go; a failure stays with PVE’s words', () => {
    const ok = endedFixture(taskFixture({ pid: 1, mine: true }))
    const failed = endedFixture(taskFixture({ pid: 2, mine: true, type: 'vzdump' }), 'job errors')
    act(() => {
      useTaskStore.getState().ended(ok, true)
      useTaskStore.getState().ended(failed, true)
    })
    show()
    expect(screen.getByRole('group', { name: 'Terminée : VM : démarrage · web-01 (100) · n1' })).toBeTruthy()
    const failure = screen.getByRole('group', { name: 'Échec : Sauvegarde · web-01 (100) · n1' })
    expect(failure.textContent).toContain('job errors')
    expect(screen.getByRole('status', { name: 'Avis des tâches' }).textContent).toBe(
      'Échec : Sauvegarde · web-01 (100) · n1 — job errors',
    )
    act(() => {
      vi.advanceTimersByTime(OK_TOAST_MS + 1)
    })
    expect(screen.queryByRole('group', { name: /^Terminée/ })).toBeNull()
    expect(screen.getByRole('group', { name: /^Échec/ })).toBeTruthy()
  })

  it('says where: the node’s site in its colour and the cluster, in the one toast stack (not over dialogs)', () => {
    const failed = endedFixture(taskFixture({ pid: 4, mine: true }), 'TASK ERROR: start failed')
    act(() => useTaskStore.getState().ended(failed, true))
    show()
    const where = screen.getByTestId('task-toast-where')
    expect(where.textContent).toBe('Km4· ACE')
    const site = screen.getByText('Km4')
    expect(site.style.color).toBe(colourOf('Km4'))
    // Both toast kinds share one container, which tasks.css puts under Mantine's modals.
    expect(screen.getByTestId('task-toasts').parentElement).toBe(toastStack())
  })

  it('Show log opens the dock on that task and dismisses the toast', () => {
    const failed = endedFixture(taskFixture({ pid: 3, mine: true }), 'TASK ERROR: start failed')
    act(() => useTaskStore.getState().ended(failed, true))
    show()
    fireEvent.click(screen.getByRole('button', { name: 'Voir le journal' }))
    expect(useTaskDock.getState()).toMatchObject({
      open: true,
      shown: { clusterId: 'c1', upid: failed.upid },
    })
    expect(useTaskStore.getState().notices).toEqual([])
    expect(i18next.language).toBe('fr')
  })
})

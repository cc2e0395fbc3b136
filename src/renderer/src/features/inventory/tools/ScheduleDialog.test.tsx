import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { InventoryScheduleState } from '../../../../../shared/ipc/domains/inventory'
import { initI18n } from '../../../i18n'
import { useFleetStore } from '../../../stores/fleet-store'
import { entryFixture } from '../../../test-fixtures'
import { ScheduleDialog } from './ScheduleDialog'
import { FakeInventoryMain } from './test-inventory-main'

const flush = (): Promise<void> => act(() => Promise.resolve())
const state: InventoryScheduleState = {
  schedule: { enabled: true, time: '02:30', keep: 14 },
  nextRunAt: Date.parse('2026-12-02T02:30:00.000Z'),
  lastRun: {
    at: Date.parse('2026-12-01T02:30:00.000Z'),
    ok: false,
    error: { code: 'unreachable', message: 'km4-pve1 did not answer' },
  },
}

describe('scheduled inventory snapshots', () => {
  let main: FakeInventoryMain
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(async () => {
    main = new FakeInventoryMain()
      .ok('inventorySchedule', state)
      .answer('inventorySetSchedule', (request) => ({
        ok: true,
        value: { ...state, schedule: (request as { schedule: InventoryScheduleState['schedule'] }).schedule },
      }))
    window.pveDesk = main.api()
    useFleetStore.setState({
      clusters: { c1: entryFixture('c1', { name: 'ace-prod' }), c2: entryFixture('c2', { name: 'vitib' }) },
    })
    render(
      <MantineProvider>
        <ScheduleDialog onClose={() => undefined} />
      </MantineProvider>,
    )
    await flush()
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
    useFleetStore.setState({ clusters: {} })
  })

  it('shows the schedule, the next run and the last run’s failure with its reason', () => {
    expect(screen.getByLabelText<HTMLInputElement>('Heure (sur 24 h, locale)').value).toBe('02:30')
    expect(screen.getByLabelText<HTMLInputElement>('Fichiers planifiés à garder').value).toBe('14')
    const runs = screen.getByTestId('schedule-runs')
    expect(runs.querySelector('[data-last]')?.getAttribute('data-last')).toBe('failed')
    expect(runs.textContent).toContain(
      'échouée\u00a0: Aucun point d’accès de ce cluster ne répond. km4-pve1 did not answer',
    )
  })

  it('refuses a bad time, a bad count and an empty choice of clusters, saying which, and saves nothing', async () => {
    fireEvent.change(screen.getByLabelText('Heure (sur 24 h, locale)'), { target: { value: '25:00' } })
    fireEvent.change(screen.getByLabelText('Fichiers planifiés à garder'), { target: { value: '0' } })
    fireEvent.click(screen.getByLabelText('Seulement ces clusters'))
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }))
    await flush()
    expect(screen.getByText('Saisissez une heure HH:MM, de 00:00 à 23:59.')).toBeTruthy()
    expect(screen.getByText('Gardez de 1 à 365 fichiers.')).toBeTruthy()
    expect(screen.getByText('Choisissez au moins un cluster.')).toBeTruthy()
    expect(main.calls.map((c) => c.method)).toEqual(['inventorySchedule'])
  })

  it('saves the schedule with the clusters chosen', async () => {
    fireEvent.change(screen.getByLabelText('Heure (sur 24 h, locale)'), { target: { value: '6:15' } })
    fireEvent.click(screen.getByLabelText('Seulement ces clusters'))
    fireEvent.click(screen.getByLabelText('vitib'))
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }))
    await flush()
    await flush()
    expect(main.calls.at(-1)).toEqual({
      method: 'inventorySetSchedule',
      request: { schedule: { enabled: true, time: '06:15', keep: 14, clusterIds: ['c2'] } },
    })
    expect(screen.getByRole('status').textContent).toBe('Enregistré.')
    expect(screen.getByLabelText<HTMLInputElement>('Heure (sur 24 h, locale)').value).toBe('06:15')
  })
})

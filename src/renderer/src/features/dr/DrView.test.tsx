import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import type { CallOptions, PveDeskApi } from '../../../../shared/ipc/api'
import type { Result } from '../../../../shared/ipc/errors'
import type { DrReport } from '../../../../shared/model/dr'
import { initI18n } from '../../i18n'
import { useDrStore } from '../../stores/dr-store'
import { drReport, drRow } from './dr-fixtures'
import { DrView } from './DrView'

const initial = useDrStore.getState()
// happy-dom lays nothing out: the matrix's virtualizer is given a 700 px tall viewport to fill.
const realHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')

/** A bridge whose refresh answers only when told, or `cancelled` once the caller cancels it. */
function slowRefresh(): { api: PveDeskApi; cancels: number; answer: (report: DrReport) => void } {
  const state = { cancels: 0, answer: (_report: DrReport): void => undefined }
  const api = {
    drRefresh: (_request: unknown, options?: CallOptions): Promise<Result<DrReport>> =>
      new Promise((resolve) => {
        state.answer = (report) => resolve({ ok: true, value: report })
        options?.cancellation?.(() => {
          state.cancels++
          resolve({ ok: false, error: { code: 'cancelled', message: 'refresh cancelled' } })
        })
      }),
  } as unknown as PveDeskApi
  return {
    api,
    get cancels() {
      return state.cancels
    },
    answer: (report) => state.answer(report),
  }
}

const show = (view: React.ReactElement): void => {
  render(<MantineProvider>{view}</MantineProvider>)
}

describe('the DR view', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 700 })
  })
  afterAll(() => {
    if (realHeight !== undefined) Object.defineProperty(HTMLElement.prototype, 'clientHeight', realHeight)
  })
  afterEach(() => {
    cleanup()
    useDrStore.setState(initial, true)
    delete window.pveDesk
  })

  it('« Actualiser » offers « Annuler » while it reads; cancelled, the previous report stays, said so', async () => {
    useDrStore.getState().changed(drReport([drRow(101)], 1_000))
    const bridge = slowRefresh()
    window.pveDesk = bridge.api
    show(<DrView />)
    expect(screen.queryByTestId('dr-refresh-cancel')).toBeNull()
    fireEvent.click(screen.getByTestId('dr-refresh'))
    const cancel = await screen.findByRole('button', { name: 'Annuler' })
    expect(screen.getByTestId('dr-refresh').getAttribute('aria-busy')).toBe('true')
    expect(screen.getByTestId('dr-refresh').textContent).toBe('Lecture des clusters…')
    await act(async () => {
      fireEvent.click(cancel)
      await Promise.resolve()
    })
    expect(bridge.cancels).toBe(1)
    await vi.waitFor(() => expect(screen.getByTestId('dr-refresh').textContent).toBe('Actualiser'))
    expect(screen.queryByTestId('dr-refresh-cancel')).toBeNull()
    expect(screen.getByRole('status').textContent).toBe(
      'Lecture annulée : le rapport précédent reste affiché.',
    )
    // No failure said, and the report held before is the one shown.
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByTestId('dr-row-ace-prod-101')).toBeTruthy()
    expect(useDrStore.getState().report?.at).toBe(1_000)
  })

  it('a refresh that answers replaces the report and says nothing of a cancel', async () => {
    useDrStore.getState().changed(drReport([drRow(101)], 1_000))
    const bridge = slowRefresh()
    window.pveDesk = bridge.api
    show(<DrView />)
    fireEvent.click(screen.getByTestId('dr-refresh'))
    await screen.findByTestId('dr-refresh-cancel')
    await act(async () => {
      bridge.answer(drReport([drRow(102)], 2_000))
      await Promise.resolve()
    })
    await vi.waitFor(() => expect(screen.getByTestId('dr-row-ace-prod-102')).toBeTruthy())
    expect(screen.queryByTestId('dr-refresh-cancelled')).toBeNull()
    expect(screen.queryByTestId('dr-refresh-cancel')).toBeNull()
  })

  it("an inventory snapshot's view: its date and targets under a banner, nothing that reads or changes a cluster", () => {
    const report = drReport([drRow(101)], Date.UTC(2026, 11, 1, 22, 30) / 1000)
    report.targets = {
      rules: [{ scope: 'tag', value: 'prod', replicaMinutes: 30, backupHours: 24 }],
      warnAt: 0.8,
      storageSites: [],
    }
    show(<DrView offline={{ report }} />)
    const banner = screen.getByTestId('dr-offline-banner')
    expect(banner.textContent).toContain('Instantané d’inventaire du 01/12/2026')
    expect(banner.textContent).toContain('Rien ici ne lit un cluster ni n’agit dessus.')
    expect(screen.getByTestId('dr-offline-targets').textContent).toBe(
      'Objectifs à la capture : tag:prod réplica ≤ 30 min, sauvegarde ≤ 1 j',
    )
    expect(screen.queryByTestId('dr-refresh')).toBeNull()
    expect(screen.queryByTestId('dr-targets')).toBeNull()
    expect(screen.getByTestId('dr-row-ace-prod-101')).toBeTruthy()
  })

  it('an older snapshot without a DR state says so, and never shows the live report', () => {
    useDrStore.getState().changed(drReport([drRow(101)], 1_000))
    show(<DrView offline={{ report: undefined }} />)
    expect(screen.getByTestId('dr-offline-banner').textContent).toContain(
      'Cet instantané d’inventaire ne contient pas d’état du PRA',
    )
    expect(screen.queryByTestId('dr-row-ace-prod-101')).toBeNull()
    expect(screen.queryByTestId('dr-refresh')).toBeNull()
  })
})

import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import { defaultDrTargets } from '../../../../shared/model/dr'
import { initI18n } from '../../i18n'
import { useDrStore } from '../../stores/dr-store'
import { drReport } from './dr-fixtures'
import { TargetsEditor } from './TargetsEditor'

const bridge = (drSetTargets: PveDeskApi['drSetTargets']): void => {
  window.pveDesk = { drSetTargets } as unknown as PveDeskApi
}

/** The n-th field of that label (one per rule row). */
const field = (label: string, n: number): HTMLElement => {
  const found = screen.getAllByLabelText(label)[n]
  if (found === undefined) throw new Error(`no field ${label} #${n}`)
  return found
}

describe('the DR targets editor', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
    useDrStore.setState({ targets: undefined, report: undefined })
  })

  const open = (onClose = vi.fn()): typeof onClose => {
    useDrStore.setState({ targets: defaultDrTargets() })
    render(
      <MantineProvider>
        <TargetsEditor onClose={onClose} />
      </MantineProvider>,
    )
    return onClose
  }

  it('saves a changed figure as a number and closes', async () => {
    const drSetTargets = vi.fn<PveDeskApi['drSetTargets']>(({ targets }) =>
      Promise.resolve({ ok: true, value: { ...drReport([]), targets } }),
    )
    bridge(drSetTargets)
    const onClose = open()
    const replica = field('Réplica (minutes)', 0)
    fireEvent.change(replica, { target: { value: '15' } })
    fireEvent.click(screen.getByTestId('dr-targets-save'))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(drSetTargets.mock.calls[0]?.[0].targets.rules[0]).toEqual({
      scope: 'tag',
      value: 'prod',
      replicaMinutes: 15,
      backupHours: 24,
    })
    expect(useDrStore.getState().targets?.rules[0]?.replicaMinutes).toBe(15)
  })

  it('refuses a figure that is no whole number, in words, without asking main', () => {
    const drSetTargets = vi.fn<PveDeskApi['drSetTargets']>()
    bridge(drSetTargets)
    open()
    fireEvent.change(field('Sauvegarde (heures)', 0), { target: { value: '1,5' } })
    fireEvent.change(field('Valeur', 1), { target: { value: '  ' } })
    fireEvent.click(screen.getByTestId('dr-targets-save'))
    expect(screen.getByText('un nombre entier de 1 à 87840')).toBeTruthy()
    expect(screen.getByText('obligatoire')).toBeTruthy()
    expect(drSetTargets).not.toHaveBeenCalled()
  })

  it('keeps every field as typed when main refuses the save, and says why', async () => {
    bridge(() =>
      Promise.resolve({ ok: false, error: { code: 'conflict', message: 'the settings file is read-only' } }),
    )
    const onClose = open()
    fireEvent.change(field('Valeur', 0), { target: { value: 'critique' } })
    fireEvent.click(screen.getByTestId('dr-targets-save'))
    expect(await screen.findByTestId('dr-targets-failure')).toBeTruthy()
    expect(screen.getByTestId('dr-targets-failure').textContent).toContain('the settings file is read-only')
    expect((screen.getAllByLabelText('Valeur')[0] as HTMLInputElement).value).toBe('critique')
    expect(onClose).not.toHaveBeenCalled()
  })
})

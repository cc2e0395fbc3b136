import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../shared/ipc/api'
import type { Result } from '../../shared/ipc/errors'
import type { FleetState } from '../../shared/model/fleet'
import { initI18n } from './i18n'
import { Root } from './Root'
import { startApp, stopApp } from './stores/actions'
import { useAppStore } from './stores/app-store'

const none = (): (() => void) => () => undefined

describe('the failed-start screen', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(() => {
    cleanup()
    stopApp()
    delete window.pveDesk
  })

  it('says in French why the app could not start, and Retry starts it', async () => {
    const fleetGet = vi
      .fn<() => Promise<Result<FleetState>>>()
      .mockResolvedValueOnce({ ok: false, error: { code: 'timeout', message: 'fleet:get took 30 s' } })
      .mockResolvedValue({ ok: true, value: { clusters: [] } })
    // Only what the start calls; the rest of the API is never reached.
    window.pveDesk = {
      appInfo: () => Promise.resolve({ ok: true, value: { version: '1', locale: 'fr-FR', host: 'browser' } }),
      appHealth: () => Promise.resolve({ ok: true, value: { keychain: { available: true }, home: '/tmp' } }),
      fleetGet,
      onFleetDelta: none,
      onClusterStatus: none,
      onClusterConfig: none,
      onClusterPermissions: none,
      // The header's inventory snapshot parts listen too; this start has no file and no capture.
      inventoryFiles: () => Promise.resolve({ ok: true, value: [] }),
      onInventoryCaptured: none,
      onInventoryProgress: none,
    } as unknown as PveDeskApi
    useAppStore.setState({ startup: { state: 'starting' } })
    render(
      <MantineProvider>
        <Root />
      </MantineProvider>,
    )
    expect(await screen.findByText('Connexion aux clusters…')).toBeTruthy()
    await startApp()
    const alert = await screen.findByRole('alert', { name: 'PVE Desk n’a pas pu démarrer' })
    expect(alert.textContent).toContain('Les services de l’application n’ont pas répondu à temps.')
    expect(alert.textContent).toContain('fleet:get took 30 s')
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }))
    expect(await screen.findByText('Aucun cluster configuré.')).toBeTruthy()
    expect(fleetGet).toHaveBeenCalledTimes(2)
  })
})

import { MantineProvider } from '@mantine/core'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { initI18n } from '../../i18n'
import { useAppStore } from '../../stores/app-store'
import { HealthBanner } from './HealthBanner'

describe('the settings problems main reports in app:health', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(() => {
    cleanup()
    useAppStore.setState({ health: undefined })
  })

  it('says in French that a newer file is read-only and which cluster entries were left out', () => {
    useAppStore.setState({
      health: {
        keychain: { available: true },
        home: '/home/noc/.config/pvedesk',
        settingsReadOnly: { schemaVersion: 3, supported: 1 },
        droppedClusters: [{ index: 2, id: 'vitib', reason: 'endpoints.0.url: Invalid URL' }],
      },
    })
    render(
      <MantineProvider>
        <HealthBanner />
      </MantineProvider>,
    )
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent)
    expect(alerts).toEqual([
      expect.stringContaining('écrit par un PVE Desk plus récent (version 3 ; celui-ci lit jusqu’à 1)'),
      expect.stringContaining('L’entrée de cluster 2 (vitib) du fichier de réglages est illisible'),
    ])
    expect(alerts[1]).toContain('endpoints.0.url: Invalid URL')
  })

  it('says in French that the settings file changed and cannot be read, and that changes are refused', () => {
    useAppStore.setState({
      health: {
        keychain: { available: true },
        home: '/h',
        settingsUnreadable: { file: '/h/settings.json', reason: 'Unexpected end of JSON input' },
      },
    })
    render(
      <MantineProvider>
        <HealthBanner />
      </MantineProvider>,
    )
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent)
    expect(alerts).toEqual([
      expect.stringContaining('Le fichier de réglages /h/settings.json a été modifié et est illisible'),
    ])
    expect(alerts[0]).toContain('Unexpected end of JSON input')
    expect(alerts[0]).toContain('refusé tant que le fichier n’est pas corrigé')
  })

  it('shows nothing when all is well', () => {
    useAppStore.setState({ health: { keychain: { available: true }, home: '/h' } })
    render(
      <MantineProvider>
        <HealthBanner />
      </MantineProvider>,
    )
    expect(screen.queryAllByRole('alert')).toEqual([])
  })
})

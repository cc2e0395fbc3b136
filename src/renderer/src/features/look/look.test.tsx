import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { WorkspacePreferences } from '../../../../shared/model/workspace'
import { defaultWorkspacePreferences } from '../../../../shared/model/workspace'
import { initI18n } from '../../i18n'
import { formatBytes } from '../../lib/format'
import { useOverlayStore } from '../../stores/overlay-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { workspaceColorSchemeManager } from './color-scheme-manager'
import { LookLayer } from './LookLayer'
import { LookMenu } from './LookMenu'
import { startLook } from './look-sync'

let written: WorkspacePreferences[] = []
let stop: (() => void) | undefined

/** A words-and-number probe: what an operator reads changing with the language. */
function Probe(): ReactElement {
  const { t, i18n } = useTranslation()
  return (
    <p data-testid="probe">
      {t('look.density.label')} · {formatBytes(1536, i18n.language)}
    </p>
  )
}

function show(): void {
  render(
    <MantineProvider env="test" colorSchemeManager={workspaceColorSchemeManager()}>
      <LookMenu />
      <Probe />
      <input data-testid="field" />
      <div className="console-view" tabIndex={0} data-testid="screen" />
      <LookLayer />
    </MantineProvider>,
  )
}

/** Opens the menu if shut (a choice leaves it open, for the next one) and picks. */
function pick(testId: string): void {
  if (screen.queryByTestId(testId) === null) fireEvent.click(screen.getByTestId('look-menu'))
  fireEvent.click(screen.getByTestId(testId))
}

beforeAll(async () => {
  await initI18n('fr-FR')
})

beforeEach(async () => {
  written = []
  window.pveDesk = {
    workspaceGet: () => Promise.resolve({ ok: true, value: written.at(-1) ?? defaultWorkspacePreferences() }),
    workspaceSet: ({ preferences }: { preferences: WorkspacePreferences }) => {
      written.push(preferences)
      return Promise.resolve({ ok: true, value: preferences })
    },
  } as unknown as PveDeskApi
  useWorkspaceStore.setState({ preferences: defaultWorkspacePreferences(), loaded: true })
  useOverlayStore.setState({ shortcuts: false, palette: false })
  stop = await startLook('fr-FR')
})

afterEach(() => {
  cleanup()
  stop?.()
  delete window.pveDesk
})

describe('the look menu', () => {
  it('switches to English and back at once: words, number format, the document language, the file', async () => {
    show()
    expect(screen.getByTestId('probe').textContent).toBe('Hauteur des lignes · 1,5 KiB')
    expect(document.documentElement.lang).toBe('fr')
    pick('look-language-en')
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('Row height · 1.5 KiB'))
    expect(document.documentElement.lang).toBe('en')
    await waitFor(() => expect(written.at(-1)?.language).toBe('en'))
    expect(screen.getByTestId('look-language-en').getAttribute('aria-checked')).toBe('true')
    // `system` is the system's locale (French here), named in the menu.
    expect(screen.getByTestId('look-language-system').textContent).toBe('System language (Français)')
    pick('look-language-system')
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('Hauteur des lignes · 1,5 KiB'))
    expect(document.documentElement.lang).toBe('fr')
  })

  it('overrides the system theme, and follows it again', async () => {
    show()
    pick('look-theme-dark')
    await waitFor(() =>
      expect(document.documentElement.getAttribute('data-mantine-color-scheme')).toBe('dark'),
    )
    await waitFor(() => expect(written.at(-1)?.theme).toBe('dark'))
    pick('look-theme-light')
    await waitFor(() =>
      expect(document.documentElement.getAttribute('data-mantine-color-scheme')).toBe('light'),
    )
    // A change from elsewhere (the palette, a write read back) reaches Mantine through the manager.
    act(() => useWorkspaceStore.getState().update((p) => ({ ...p, theme: 'dark' })))
    await waitFor(() =>
      expect(document.documentElement.getAttribute('data-mantine-color-scheme')).toBe('dark'),
    )
    pick('look-theme-system')
    await waitFor(() => expect(written.at(-1)?.theme).toBe('system'))
    // happy-dom's system is light.
    await waitFor(() =>
      expect(document.documentElement.getAttribute('data-mantine-color-scheme')).toBe('light'),
    )
  })

  it('sets the row density on <html>, and stops following once stopped', async () => {
    show()
    expect(document.documentElement.dataset.density).toBe('comfortable')
    pick('look-density-dense')
    await waitFor(() => expect(document.documentElement.dataset.density).toBe('dense'))
    stop?.()
    act(() => useWorkspaceStore.getState().update((p) => ({ ...p, density: 'comfortable' })))
    expect(document.documentElement.dataset.density).toBe('dense')
  })
})

describe('the shortcuts overlay', () => {
  it('opens on ? outside text fields and on F1 anywhere, lists the keys in French, and closes on Esc', async () => {
    show()
    fireEvent.keyDown(screen.getByTestId('field'), { key: '?' })
    expect(screen.queryByRole('dialog')).toBeNull()
    fireEvent.keyDown(document.body, { key: '?', shiftKey: true })
    const dialog = await screen.findByRole('dialog', { name: 'Raccourcis clavier' })
    expect(dialog.textContent).toContain('Palette de commandes')
    expect(dialog.textContent).toContain('Démarrer')
    // Alt+Maj+S, as the French keyboard says it.
    const start = [...dialog.querySelectorAll('tr')].find((tr) => tr.textContent.includes('Démarrer'))
    expect([...(start?.querySelectorAll('kbd') ?? [])].map((k) => k.textContent)).toEqual(['Alt', 'Maj', 'S'])
    fireEvent.keyDown(dialog, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    fireEvent.keyDown(screen.getByTestId('field'), { key: 'F1' })
    expect(await screen.findByRole('dialog', { name: 'Raccourcis clavier' })).toBeTruthy()
  })

  it('leaves Ctrl+? and Alt+? to others, ? and F1 to a console, and forgets its key once unmounted', () => {
    show()
    fireEvent.keyDown(screen.getByTestId('screen'), { key: '?' })
    fireEvent.keyDown(screen.getByTestId('screen'), { key: 'F1' })
    fireEvent.keyDown(document.body, { key: '?', ctrlKey: true })
    fireEvent.keyDown(document.body, { key: '?', altKey: true })
    expect(useOverlayStore.getState().shortcuts).toBe(false)
    cleanup()
    fireEvent.keyDown(document.body, { key: 'F1' })
    expect(useOverlayStore.getState().shortcuts).toBe(false)
  })
})

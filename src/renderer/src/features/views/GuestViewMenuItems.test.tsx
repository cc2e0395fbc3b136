import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import i18next from 'i18next'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import { defaultWorkspacePreferences } from '../../../../shared/model/workspace'
import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { ConsoleMenu } from '../consoles/ConsoleMenu'
import { useViewsStore } from './views-store'

const guest = { clusterId: 'c1', vmid: 100 }

function openMenu(): () => void {
  let closed = 0
  render(
    <MantineProvider>
      <ConsoleMenu
        request={{ selection: { kind: 'guest', ...guest }, x: 10, y: 10 }}
        onClose={() => {
          closed += 1
        }}
      />
    </MantineProvider>,
  )
  return () => expect(closed).toBeGreaterThan(0)
}

const item = (name: string): HTMLElement => screen.getByRole('menuitem', { name: new RegExp(`^${name}`) })

describe('the tree’s context menu on a guest: its views entries', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(() => {
    // Main keeps what the window writes and answers it back, as workspace:set does.
    const workspaceSet = (input: { preferences: unknown }): Promise<unknown> =>
      Promise.resolve({ ok: true, value: input.preferences })
    window.pveDesk = new Proxy({} as PveDeskApi, {
      get: (_, name: string) =>
        name === 'workspaceSet'
          ? workspaceSet
          : name.startsWith('on')
            ? () => () => undefined
            : () => Promise.resolve({ ok: true, value: undefined }),
    })
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({
      clusters: [
        clusterStateFixture('c1', [nodeFixture('c1', 'n1', 'Km4'), guestFixture({ name: 'web01' })]),
      ],
    })
    useWorkspaceStore.setState({ preferences: defaultWorkspacePreferences() })
    useViewsStore.setState({ move: undefined })
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('stars the guest as F does, then offers to unstar it, in French', () => {
    const wasClosed = openMenu()
    expect(item('Ranger dans un dossier…')).toBeTruthy()
    fireEvent.click(item('Ajouter aux favoris'))
    wasClosed()
    expect(useWorkspaceStore.getState().preferences.favourites).toEqual([guest])
    cleanup()
    openMenu()
    expect(screen.queryByRole('menuitem', { name: /^Ajouter aux favoris/ })).toBeNull()
    fireEvent.click(item('Retirer des favoris'))
    expect(useWorkspaceStore.getState().preferences.favourites).toEqual([])
  })

  it('opens "put in a folder" for this guest, as M does', () => {
    const wasClosed = openMenu()
    fireEvent.click(item('Ranger dans un dossier…'))
    wasClosed()
    expect(useViewsStore.getState().move).toEqual([guest])
  })

  it('speaks English too', async () => {
    await act(async () => {
      await i18next.changeLanguage('en-GB')
    })
    try {
      openMenu()
      expect(item('Add to favourites')).toBeTruthy()
      expect(item('Put in a folder…')).toBeTruthy()
    } finally {
      await i18next.changeLanguage('fr-FR')
    }
  })
})

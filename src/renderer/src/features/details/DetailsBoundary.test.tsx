import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import i18next from 'i18next'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { DetailsPane } from './DetailsPane'

/** Main answering every panel with something that is no panel (an older main, a bug): an empty list. */
function bridge(): void {
  window.pveDesk = new Proxy({} as PveDeskApi, {
    get: (_, name: string) =>
      name.startsWith('on') ? () => () => undefined : () => Promise.resolve({ ok: true, value: [] }),
  })
}

const drawn = async (): Promise<void> => {
  render(
    <MantineProvider>
      <p>tree</p>
      <DetailsPane />
    </MantineProvider>,
  )
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0))
  })
}

describe('the details pane when a panel cannot be drawn', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(() => {
    bridge()
    // React reports the caught error; the pane shows it, the test does not need it on the console.
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({
      clusters: [
        clusterStateFixture('c1', [
          nodeFixture('c1', 'n1', 'Km4'),
          guestFixture({ name: 'web-live' }),
          guestFixture({ vmid: 101, name: 'db-live' }),
        ]),
      ],
    })
    useUiStore.setState({ selected: { kind: 'guest', clusterId: 'c1', vmid: 100 } })
  })
  afterEach(() => {
    cleanup()
    vi.restoreAllMocks()
    delete window.pveDesk
  })

  it('says so with the error in the pane and keeps the rest of the window; another item draws afresh', async () => {
    await drawn()
    const failure = screen.getByTestId('details-draw-failed')
    expect(failure.textContent).toContain(i18next.t('details.drawFailed'))
    // The error itself, as the developer would need it: reading the summary's missing figures.
    expect(failure.textContent).toMatch(/qmpstatus|undefined/)
    expect(screen.getByText('tree')).toBeTruthy()
    act(() => useUiStore.setState({ selected: { kind: 'node', clusterId: 'c1', node: 'n1' } }))
    expect(screen.queryByTestId('details-draw-failed')).toBeNull()
    expect(screen.getByRole('heading', { name: /n1/ })).toBeTruthy()
  })

  it('says it in French too, and Draw again tries once more', async () => {
    await act(async () => {
      await i18next.changeLanguage('fr-FR')
    })
    try {
      await drawn()
      expect(screen.getByTestId('details-draw-failed').textContent).toContain(
        'Ce panneau n’a pas pu être affiché',
      )
      fireEvent.click(screen.getByRole('button', { name: 'Afficher à nouveau' }))
      // Still the same answer: it fails again, and says so again rather than blanking.
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 0))
      })
      expect(screen.getByTestId('details-draw-failed')).toBeTruthy()
    } finally {
      await i18next.changeLanguage('en-GB')
    }
  })
})

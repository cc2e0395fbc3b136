import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { initI18n } from '../../i18n'
import { startConsoles, stopConsoles } from '../../stores/console-actions'
import { DETAILS_TAB, useConsoleStore } from '../../stores/console-store'
import { useFleetStore } from '../../stores/fleet-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { clusterStateFixture } from '../../test-fixtures'
import { consoleInfo, FakeConsoleMain } from '../consoles/test-console-main'
import { Workspace } from '../consoles/Workspace'
import { openedFixture } from './inventory-fixtures'

// The views draw with xterm.js and noVNC, which need a real browser; what is tested is what the workspace shows.
vi.mock('../consoles/terminal/TerminalView', () => ({
  TerminalView: () => <div data-testid="terminal-view" />,
}))
vi.mock('../consoles/vnc/VncView', () => ({ VncView: () => <div data-testid="vnc-view" /> }))

describe('the live consoles while an inventory snapshot is shown', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(async () => {
    useConsoleStore.setState({ consoles: {}, order: [], active: DETAILS_TAB, local: {}, listed: false })
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({ clusters: [clusterStateFixture('c1', [], { summary: { name: 'ACE' } })] })
    const main = new FakeConsoleMain()
    main.add(consoleInfo({ consoleId: 'a', openedAt: 1 }))
    main.add(consoleInfo({ consoleId: 'b', openedAt: 2 }))
    window.pveDesk = main.api()
    await startConsoles()
    render(
      <MantineProvider>
        <Workspace details={<p>the details</p>} />
      </MantineProvider>,
    )
    await act(async () => {
      await Promise.resolve()
    })
  })
  afterEach(() => {
    cleanup()
    stopConsoles()
    delete window.pveDesk
    useInventoryStore.setState({ opened: undefined })
  })

  it('wait out of sight, still mounted, and come back with the live fleet', () => {
    expect(screen.getAllByRole('tab')).toHaveLength(3)
    act(() => useConsoleStore.getState().activate('a'))
    act(() => useInventoryStore.setState({ opened: openedFixture() }))
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Details'])
    expect(screen.getByTestId('live-consoles-waiting').textContent).toBe(
      '2 live consoles wait in the live fleet',
    )
    // The details show even though a console was the active tab; the consoles keep their views.
    expect(screen.getByText('the details')).toBeTruthy()
    expect(screen.getAllByTestId('terminal-view')).toHaveLength(2)
    // The workspace's keys do not bring a live console up over the snapshot.
    fireEvent.keyDown(document.body, { key: 'PageDown', ctrlKey: true })
    expect(useConsoleStore.getState().active).toBe('a')
    expect(screen.getAllByRole('tab')).toHaveLength(1)

    act(() => useInventoryStore.setState({ opened: undefined }))
    expect(screen.getAllByRole('tab')).toHaveLength(3)
    expect(screen.queryByTestId('live-consoles-waiting')).toBeNull()
  })
})

import { MantineProvider } from '@mantine/core'
import { act, cleanup, render, screen } from '@testing-library/react'
import i18next from 'i18next'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { initI18n } from '../../i18n'
import { useDrStore } from '../../stores/dr-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { DrButton } from '../dr/DrButton'
import { drReport, drRow } from '../dr/dr-fixtures'
import { openedFixture } from './inventory-fixtures'
import { ShownDrView } from './ShownDrView'

// happy-dom lays nothing out: the matrix's virtualizer is given a 700 px tall viewport to fill.
const realHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')

const live = drReport([
  drRow(500, { name: 'live-db', level: 'red', flags: [] }),
  drRow(501, { name: 'live-web', level: 'red', flags: [] }),
])
const captured = drReport([
  drRow(100, { name: 'web-snap', level: 'red', flags: [] }),
  drRow(102, { name: 'dns-snap' }),
])

const renderView = (): void => {
  render(
    <MantineProvider>
      <DrButton />
      <ShownDrView />
    </MantineProvider>,
  )
}

describe('the DR view with an inventory snapshot open', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 700 })
  })
  afterAll(() => {
    if (realHeight !== undefined) Object.defineProperty(HTMLElement.prototype, 'clientHeight', realHeight)
  })
  beforeEach(() => useDrStore.setState({ report: live, error: undefined }))
  afterEach(() => {
    cleanup()
    useInventoryStore.setState({ opened: undefined })
    useDrStore.setState({ report: undefined })
  })

  it('shows the snapshot’s report as it was at capture, not the live one, with nothing to refresh or edit', () => {
    useInventoryStore.setState({ opened: openedFixture({ dr: captured }) })
    renderView()
    expect(screen.getByTestId('dr-row-ace-prod-100')).toBeTruthy()
    expect(screen.queryByTestId('dr-row-ace-prod-500')).toBeNull()
    expect(screen.getByText(i18next.t('dr.offline'))).toBeTruthy()
    expect(screen.queryByTestId('dr-refresh')).toBeNull()
    expect(screen.queryByTestId('dr-targets')).toBeNull()
    // The header's count is the snapshot's one red guest, not the live two.
    expect(screen.getByTestId('dr-red-count').textContent).toBe('1')
  })

  it('says an older snapshot has no DR report, rather than showing the live one', () => {
    useInventoryStore.setState({ opened: openedFixture() })
    renderView()
    expect(screen.getByText(i18next.t('dr.noReport'))).toBeTruthy()
    expect(screen.queryByTestId('dr-row-ace-prod-500')).toBeNull()
    expect(screen.queryByTestId('dr-red-count')).toBeNull()
  })

  it('goes back to the live report when the snapshot is closed', async () => {
    useInventoryStore.setState({ opened: openedFixture({ dr: captured }) })
    renderView()
    act(() => useInventoryStore.setState({ opened: undefined }))
    expect(await screen.findByTestId('dr-row-ace-prod-500')).toBeTruthy()
    expect(screen.getByTestId('dr-refresh')).toBeTruthy()
    expect(screen.getByTestId('dr-red-count').textContent).toBe('2')
  })
})

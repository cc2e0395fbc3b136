import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { initI18n } from '../../../i18n'
import { ExportMenu } from './ExportMenu'
import { FakeInventoryMain } from './test-inventory-main'

const flush = (): Promise<void> => act(() => Promise.resolve())

const exportAs = async (label: string): Promise<void> => {
  fireEvent.click(screen.getByRole('button', { name: 'Exporter cet instantané d’inventaire' }))
  fireEvent.click(await screen.findByRole('menuitem', { name: label }))
  await flush()
  await flush()
}

describe('exporting an opened inventory snapshot', () => {
  let main: FakeInventoryMain
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(() => {
    main = new FakeInventoryMain()
    window.pveDesk = main.api()
    render(
      <MantineProvider>
        <ExportMenu snapshotId="s1" />
      </MantineProvider>,
    )
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('offers the five formats and says where the file was written, with a copy button', async () => {
    main.ok('inventoryExport', { path: '/home/noc/.pvedesk/exports/pvedesk-inventory-20261201-120000Z.xlsx' })
    fireEvent.click(screen.getByRole('button', { name: 'Exporter cet instantané d’inventaire' }))
    const items = await screen.findAllByRole('menuitem')
    expect(items.map((i) => i.dataset.format)).toEqual(['xlsx', 'csv', 'json', 'html', 'pdf'])
    // Main writes CSV as a folder of files, no ZIP: the menu says what the user will find.
    expect(items[1]?.textContent).toBe('CSV — un dossier, un fichier par feuille')
    fireEvent.click(items[0] as HTMLElement)
    await flush()
    await flush()
    expect(main.calls).toEqual([{ method: 'inventoryExport', request: { snapshotId: 's1', format: 'xlsx' } }])
    const outcome = screen.getByTestId('export-outcome')
    expect(outcome.dataset.outcome).toBe('written')
    expect(screen.getByTestId('copy-value').textContent).toBe(
      '/home/noc/.pvedesk/exports/pvedesk-inventory-20261201-120000Z.xlsx',
    )
    expect(screen.getByRole('button', { name: 'Copier — Écrit dans' })).toBeTruthy()
  })

  it('says nothing when the save dialog was dismissed', async () => {
    main.fail('inventoryExport', { code: 'cancelled', message: 'dismissed' })
    await exportAs('Rapport PDF')
    expect(main.calls.at(-1)?.request).toEqual({ snapshotId: 's1', format: 'pdf' })
    expect(screen.queryByTestId('export-outcome')).toBeNull()
  })

  it('says why an export failed, translated', async () => {
    main.fail('inventoryExport', { code: 'not_found', message: 'no such snapshot' })
    await exportAs('Rapport HTML')
    const outcome = screen.getByTestId('export-outcome')
    expect(outcome.dataset.outcome).toBe('failed')
    expect(outcome.textContent).toContain('Introuvable. no such snapshot')
  })
})

import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { InventoryChange, InventoryDiff } from '../../../../../shared/model/inventory-snapshot'
import { initI18n } from '../../../i18n'
import { VIRTUALIZE_AFTER } from './ChangesTable'
import { DiffDialog } from './DiffDialog'
import { useMissingItem } from './missing-item'
import { FakeInventoryMain, fileEntry } from './test-inventory-main'

const opened: { fileId: string; key?: string | undefined }[] = []
/** The keys the opened file does not hold. */
const absent = new Set<string>()
vi.mock('./open-inventory', () => ({
  openInventoryFile: (fileId: string, key?: string) => {
    opened.push({ fileId, key })
    return Promise.resolve(key !== undefined && absent.has(key) ? 'missing' : 'opened')
  },
}))

const files = [
  fileEntry({
    fileId: 'older',
    takenAt: '2026-11-01T09:00:00.000Z',
    name: 'pvedesk-inventory-20261101-090000Z.zip',
  }),
  fileEntry({
    fileId: 'newer',
    takenAt: '2026-12-01T09:00:00.000Z',
    name: 'pvedesk-inventory-20261201-090000Z.zip',
  }),
  fileEntry({
    fileId: 'oldest',
    takenAt: '2026-10-01T09:00:00.000Z',
    name: 'pvedesk-inventory-20261001-090000Z.zip',
  }),
]

const diffOf = (changes: InventoryChange[]): InventoryDiff => ({
  from: { takenAt: '2026-11-01T09:00:00.000Z', sha256: 'a'.repeat(64) },
  to: { takenAt: '2026-12-01T09:00:00.000Z', sha256: 'b'.repeat(64) },
  changes,
})

const stopped: InventoryChange = {
  category: 'guest',
  kind: 'changed',
  clusterId: 'c1',
  key: 'c1/qemu/101',
  subject: 'VM 101 (naorlo-web01)',
  site: 'Km4',
  field: 'status',
  before: 'running',
  after: 'stopped',
}
const moved: InventoryChange = {
  category: 'guest',
  kind: 'moved',
  clusterId: 'c1',
  key: 'c1/lxc/200',
  subject: 'CT 200 (naorlo-proxy)',
  site: 'VITIB',
  field: 'node',
  before: 'km4-pve1',
  after: 'vitib-pve1',
}
const user: InventoryChange = {
  category: 'access',
  kind: 'added',
  clusterId: 'c1',
  subject: 'user audit@pve',
}

const flush = (): Promise<void> => act(() => Promise.resolve())
const show = async (): Promise<void> => {
  render(
    <MantineProvider>
      <DiffDialog onClose={() => undefined} />
    </MantineProvider>,
  )
  await flush()
  await flush()
}
/** Picks an option of a file select, in the list that select opened. */
const choose = (label: string, option: RegExp): void => {
  const input = screen.getByRole('textbox', { name: label })
  fireEvent.click(input)
  const list = document.getElementById(String(input.getAttribute('aria-controls')))
  fireEvent.click(within(list as HTMLElement).getByRole('option', { name: option, hidden: true }))
}
const rows = (): HTMLElement[] => within(screen.getByTestId('diff-rows')).queryAllByRole('row')

describe('comparing two inventory snapshots', () => {
  let main: FakeInventoryMain
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(() => {
    opened.length = 0
    absent.clear()
    useMissingItem.setState({ missing: undefined })
    main = new FakeInventoryMain().ok('inventoryFiles', files)
    window.pveDesk = main.api()
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('compares the two newest files at once, older to newer, and shows each change', async () => {
    main.ok('inventoryDiff', diffOf([stopped, moved, user]))
    await show()
    expect(main.calls.at(-1)).toEqual({ method: 'inventoryDiff', request: { from: 'older', to: 'newer' } })
    expect(screen.getByTestId('diff-summary').textContent).toMatch(/^3 changements du .+ au .+$/)
    const [first, second, third] = rows()
    expect(first?.textContent).toBe('VM 101 (naorlo-web01)modifiéstatusrunning → stoppedKm4')
    expect(second?.textContent).toBe('CT 200 (naorlo-proxy)déplacénodekm4-pve1 → vitib-pve1VITIB')
    // A change with no values shows no arrow; one with no key is not a link.
    expect(third?.textContent).toBe('user audit@pveajouté')
    expect(within(third as HTMLElement).queryByRole('button')).toBeNull()
  })

  it('filters by category, kind, site and text, with the counts per category', async () => {
    main.ok('inventoryDiff', diffOf([stopped, moved, user]))
    await show()
    const categories = screen.getByRole('group', { name: 'Catégorie' })
    expect(within(categories).getByLabelText('Invités 2')).toBeTruthy()
    expect(within(categories).getByLabelText('Accès 1')).toBeTruthy()
    expect(within(categories).getByLabelText<HTMLInputElement>('Pare-feu 0').disabled).toBe(true)
    fireEvent.click(within(categories).getByLabelText('Accès 1'))
    expect(rows().map((r) => r.dataset.category)).toEqual(['access'])
    fireEvent.click(within(categories).getByLabelText('Accès 1'))
    fireEvent.click(within(screen.getByRole('group', { name: 'Nature' })).getByLabelText('déplacé 1'))
    expect(rows().map((r) => r.dataset.key)).toEqual(['c1/lxc/200'])
    expect(screen.getByTestId('diff-summary').textContent).toContain('— 1 affiché')
    fireEvent.click(within(screen.getByRole('group', { name: 'Nature' })).getByLabelText('déplacé 1'))
    fireEvent.change(screen.getByLabelText('Chercher dans les changements'), { target: { value: 'STOPPED' } })
    expect(rows().map((r) => r.dataset.key)).toEqual(['c1/qemu/101'])
    // The counts follow the text: only the guests' chip has something left.
    expect(within(categories).getByLabelText('Invités 1')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Chercher dans les changements'), { target: { value: 'zzz' } })
    expect(screen.getByTestId('diff-no-match').textContent).toBe(
      'Aucun changement ne correspond à ces filtres.',
    )
  })

  it('opens the newer file on the item a change names', async () => {
    main.ok('inventoryDiff', diffOf([stopped, moved]))
    await show()
    fireEvent.click(screen.getByRole('button', { name: 'CT 200 (naorlo-proxy)' }))
    expect(opened).toEqual([{ fileId: 'newer', key: 'c1/lxc/200' }])
  })

  it('opens the older file on a removed item: the newer has it no more', async () => {
    const removed: InventoryChange = {
      ...moved,
      kind: 'removed',
      field: undefined,
      before: undefined,
      after: undefined,
    }
    main.ok('inventoryDiff', diffOf([removed]))
    await show()
    const link = screen.getByRole('button', { name: 'CT 200 (naorlo-proxy)' })
    expect(link.title).toBe(
      'Ouvrir l’instantané d’inventaire le plus ancien sur cet élément (le plus récent ne l’a plus)',
    )
    fireEvent.click(link)
    expect(opened).toEqual([{ fileId: 'older', key: 'c1/lxc/200' }])
  })

  it('says so when the file opened does not hold the item', async () => {
    absent.add('c1/qemu/101')
    main.ok('inventoryDiff', diffOf([stopped]))
    await show()
    fireEvent.click(screen.getByRole('button', { name: 'VM 101 (naorlo-web01)' }))
    await flush()
    expect(useMissingItem.getState().missing).toEqual({
      subject: 'VM 101 (naorlo-web01)',
      fileId: 'newer',
      file: 'pvedesk-inventory-20261201-090000Z.zip',
    })
  })

  it('counts the changes on the kind chips too, under the other filters', async () => {
    main.ok('inventoryDiff', diffOf([stopped, moved, user]))
    await show()
    const kinds = screen.getByRole('group', { name: 'Nature' })
    expect(within(kinds).getByLabelText('modifié 1')).toBeTruthy()
    expect(within(kinds).getByLabelText('déplacé 1')).toBeTruthy()
    expect(within(kinds).getByLabelText<HTMLInputElement>('retiré 0').disabled).toBe(true)
    fireEvent.click(within(screen.getByRole('group', { name: 'Catégorie' })).getByLabelText('Accès 1'))
    expect(within(kinds).getByLabelText('ajouté 1')).toBeTruthy()
    expect(within(kinds).getByLabelText<HTMLInputElement>('déplacé 0').disabled).toBe(true)
  })

  it('tells two files of the same minute apart by their seconds, and names the files by a medium date', async () => {
    main.ok('inventoryDiff', {
      ...diffOf([stopped]),
      from: { takenAt: '2026-12-01T13:44:05.000Z', sha256: 'a'.repeat(64) },
      to: { takenAt: '2026-12-01T13:44:50.000Z', sha256: 'b'.repeat(64) },
    })
    await show()
    expect(screen.getByTestId('diff-summary').textContent).toMatch(/:05 au .+:50$/)
    const from = screen.getByRole<HTMLInputElement>('textbox', { name: 'Le plus ancien (de)' })
    expect(from.value).toMatch(/^1 nov\. 2026, \d\d:\d\d — pvedesk-inventory-20261101-090000Z\.zip$/)
  })

  it('points out a "from" newer than "to" and swaps them', async () => {
    main.ok('inventoryDiff', diffOf([stopped]))
    await show()
    expect(screen.queryByTestId('diff-reversed')).toBeNull()
    choose('Le plus ancien (de)', /20261201-090000Z/)
    choose('Le plus récent (à)', /20261101-090000Z/)
    await flush()
    expect(main.calls.at(-1)).toEqual({ method: 'inventoryDiff', request: { from: 'newer', to: 'older' } })
    const warning = screen.getByTestId('diff-reversed')
    expect(warning.textContent).toContain('les ajouts se liraient comme des retraits')
    fireEvent.click(within(warning).getByRole('button', { name: 'Les inverser' }))
    await flush()
    expect(screen.queryByTestId('diff-reversed')).toBeNull()
    expect(main.calls.at(-1)).toEqual({ method: 'inventoryDiff', request: { from: 'older', to: 'newer' } })
  })

  it('says so clearly when nothing changed', async () => {
    main.ok('inventoryDiff', diffOf([]))
    await show()
    expect(screen.getByTestId('diff-empty').textContent).toContain(
      'Aucune différence\u00a0: les deux instantanés d’inventaire décrivent le même parc.',
    )
  })

  it('says why a file does not compare, translated by its reason', async () => {
    main.fail('inventoryDiff', {
      code: 'inventory_invalid',
      message: 'sha256 differs',
      detail: { reason: 'digest_mismatch' },
    })
    await show()
    // The reason's own words (the errors' strings may be reworded): translated, not main's English message alone.
    expect(screen.getByRole('alert').textContent).toMatch(/^Le contenu ne correspond pas à son .*SHA-256/)
  })

  it('shows what an edited file says as text, never as markup, however long', async () => {
    const hostile: InventoryChange = {
      ...stopped,
      subject: '<img src=x onerror="window.pwned=1">',
      field: '<b>f</b>',
      after: { html: '<script>window.pwned=1</script>'.repeat(500) },
    }
    main.ok('inventoryDiff', diffOf([hostile]))
    await show()
    const [row] = rows()
    expect(row?.querySelector('img, b, script')).toBeNull()
    expect(row?.textContent).toContain('<img src=x onerror="window.pwned=1">')
    // A huge value is cut in its cell (the whole of it is in the tooltip).
    expect((row?.textContent ?? '').length).toBeLessThan(600)
    expect((window as { pwned?: number }).pwned).toBeUndefined()
  })

  it('needs two files', async () => {
    main.ok('inventoryFiles', files.slice(0, 1))
    await show()
    expect(screen.getByTestId('diff-need-two')).toBeTruthy()
    expect(main.calls.map((c) => c.method)).toEqual(['inventoryFiles'])
  })

  it('renders only a window of a long list', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      ...stopped,
      key: `c1/qemu/${i}`,
      subject: `VM ${i}`,
    }))
    main.ok('inventoryDiff', diffOf(many))
    await show()
    expect(screen.getByTestId('diff-rows').dataset.virtual).toBe('true')
    expect(rows().length).toBeLessThan(VIRTUALIZE_AFTER)
    expect(screen.getByTestId('diff-summary').textContent).toMatch(/^5\s000 changements/)
  })
})

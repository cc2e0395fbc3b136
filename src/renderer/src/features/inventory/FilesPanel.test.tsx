import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { InventoryFileEntry } from '../../../../shared/ipc/domains/inventory'
import type { Result } from '../../../../shared/ipc/errors'
import { initI18n } from '../../i18n'
import { useAppStore } from '../../stores/app-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { FilesPanel } from './FilesPanel'
import { openedFixture } from './inventory-fixtures'
import { UploadStatus } from './UploadStatus'

const ok = <T,>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value })

const entry = (patch: Partial<InventoryFileEntry>): InventoryFileEntry => ({
  fileId: 'f1',
  name: 'pvedesk-inventory-20261201-120000Z.zip',
  source: 'folder',
  bytes: 1000,
  modifiedAt: Date.UTC(2026, 11, 1, 12),
  takenAt: '2026-12-01T12:00:00.000Z',
  summary: { clusters: 3, nodes: 5, guests: 40, issues: 1 },
  ...patch,
})

const FILES = [
  entry({}),
  entry({
    fileId: 'f2',
    name: 'pvedesk-inventory-20261202-060000Z-scheduled.zip',
    takenAt: '2026-12-02T06:00:00.000Z',
  }),
  entry({ fileId: 'f3', name: 'broken.zip', takenAt: undefined, summary: undefined, unreadable: 'not_zip' }),
]

function show(api: Partial<Record<keyof PveDeskApi, unknown>>): void {
  window.pveDesk = { inventoryFiles: vi.fn(() => ok(FILES)), ...api } as unknown as PveDeskApi
  useInventoryStore.setState({ panelOpen: true })
  render(
    <MantineProvider>
      <FilesPanel />
    </MantineProvider>,
  )
}

describe('the inventory snapshot files panel', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(() => {
    useInventoryStore.setState({
      files: [],
      listed: false,
      opened: undefined,
      failure: undefined,
      busy: undefined,
      sending: undefined,
    })
    useAppStore.setState({
      startup: { state: 'ready', info: { version: '1', locale: 'fr-FR', host: 'browser' } },
    })
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('lists the folder newest first, with how each was taken and its counts; an unreadable one says why and does not open', async () => {
    show({})
    const folder = await screen.findByRole('region', { name: 'Dossier des inventaires' })
    const items = within(folder).getAllByRole('listitem')
    expect(items.map((i) => i.querySelector('[data-file]')?.getAttribute('data-file'))).toEqual([
      'pvedesk-inventory-20261202-060000Z-scheduled.zip',
      'pvedesk-inventory-20261201-120000Z.zip',
      'broken.zip',
    ])
    expect(items[0]?.textContent).toContain('planifié')
    expect(items[1]?.textContent).toContain('manuel')
    expect(items[1]?.textContent).toContain('3 clusters · 5 nœuds · 40 invités · 1 problème')
    expect(items[2]?.textContent).toContain('Illisible : Le fichier n’est pas une archive ZIP.')
    expect(within(items[2] as HTMLElement).getByRole<HTMLButtonElement>('button').disabled).toBe(true)
  })

  it('names each file’s button by the file, and describes it by its date, trigger, counts and why it is unreadable', async () => {
    show({})
    const description = (name: string): string => {
      const button = screen.getByRole('button', { name: `Ouvrir ${name}` })
      return (button.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '<missing>')
        .join(' | ')
    }
    await screen.findByRole('region', { name: 'Dossier des inventaires' })
    const taken = description('pvedesk-inventory-20261201-120000Z.zip')
    expect(taken).toContain('manuel')
    expect(taken).toContain('2026')
    expect(taken).toContain('3 clusters · 5 nœuds · 40 invités · 1 problème')
    expect(description('broken.zip')).toContain('Illisible : Le fichier n’est pas une archive ZIP.')
    expect(description('broken.zip')).not.toContain('<missing>')
  })

  it('says a refusal in French only, main’s English words folded away as the technical detail', async () => {
    const english = 'not a ZIP archive: End of central directory record signature not found'
    const inventoryOpen = vi.fn(() =>
      Promise.resolve({
        ok: false,
        error: { code: 'inventory_invalid', message: english, detail: { reason: 'not_zip' } },
      }),
    )
    show({ inventoryOpen })
    fireEvent.click(
      await screen.findByRole('button', { name: 'Ouvrir pvedesk-inventory-20261201-120000Z.zip' }),
    )
    await screen.findByRole('alert')
    expect(screen.getByTestId('inventory-error-meaning').textContent).toBe(
      'Le fichier n’est pas une archive ZIP.',
    )
    const technical = screen.getByTestId('inventory-error-technical')
    expect(technical.tagName).toBe('DETAILS')
    expect(technical.hasAttribute('open')).toBe(false)
    expect(technical.querySelector('summary')?.textContent).toBe('Détail technique')
    expect(technical.textContent).toContain(english)
  })

  it('says in French why the window refused a file itself: empty, too large (size and limit), another under way', async () => {
    show({})
    const meaning = (): string | null => screen.getByTestId('inventory-error-meaning').textContent
    await act(async () => {
      await useInventoryStore.getState().upload(Object.assign(new Blob([]), { name: 'vide.zip' }))
    })
    expect(meaning()).toBe('Le fichier est vide (0 octet).')
    expect(screen.queryByTestId('inventory-error-technical')).toBeNull()
    const huge = Object.assign(new Blob([new Uint8Array(1)]), { name: 'huge.zip' })
    Object.defineProperty(huge, 'size', { value: 300 * 1024 * 1024 })
    await act(async () => {
      await useInventoryStore.getState().upload(huge)
    })
    expect(meaning()).toMatch(
      /plus gros que ne peut l’être un instantané d’inventaire\. 300 MiB ; au plus 256 MiB\.$/,
    )
    act(() => useInventoryStore.setState({ sending: { name: 'a.zip', sent: 0, size: 10 }, busy: 'a.zip' }))
    await act(async () => {
      await useInventoryStore.getState().upload(Object.assign(new Blob(['x']), { name: 'b.zip' }))
    })
    expect(meaning()).toBe(
      'Un autre fichier est en cours d’envoi ou d’ouverture (a.zip) : attendez-le, ou annulez-le.',
    )
  })

  it('shows the upload under way, bytes sent of its size, with Cancel — in the panel, or floating when it is closed', async () => {
    const cancelUpload = vi.spyOn(useInventoryStore.getState(), 'cancelUpload')
    useInventoryStore.setState({
      sending: { name: 'audit.zip', sent: 256 * 1024, size: 600 * 1024 },
      busy: 'audit.zip',
    })
    show({})
    const inPanel = await screen.findByTestId('inventory-upload')
    expect(inPanel.classList.contains('inventory-upload-floating')).toBe(false)
    expect(inPanel.textContent).toContain('Envoi de audit.zip : 256 KiB sur 600 KiB')
    fireEvent.click(within(inPanel).getByRole('button', { name: 'Annuler' }))
    expect(cancelUpload).toHaveBeenCalledTimes(1)
    cleanup()
    act(() => useInventoryStore.setState({ panelOpen: false }))
    render(
      <MantineProvider>
        <UploadStatus floating />
        <FilesPanel />
      </MantineProvider>,
    )
    const floating = screen.getByRole('status')
    expect(floating.classList.contains('inventory-upload-floating')).toBe(true)
    expect(floating.textContent).toContain('Envoi de audit.zip : 256 KiB sur 600 KiB')
  })

  it('shows why a file that does not hold was refused, translated, and opens nothing', async () => {
    const inventoryOpen = vi.fn(() =>
      Promise.resolve({
        ok: false,
        error: { code: 'inventory_invalid', message: '', detail: { reason: 'signature_invalid' } },
      }),
    )
    show({ inventoryOpen })
    fireEvent.click(
      await screen.findByRole('button', { name: 'Ouvrir pvedesk-inventory-20261201-120000Z.zip' }),
    )
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('pvedesk-inventory-20261201-120000Z.zip n’a pas été ouvert')
    expect(alert.textContent).toContain(
      'La signature n’est pas valide : le fichier a été modifié ou n’a pas été signé par cette clé.',
    )
    expect(useInventoryStore.getState().opened).toBeUndefined()
  })

  it('in the browser host, "Open a file…" asks the page for a file and uploads it', () => {
    const inventoryPick = vi.fn()
    show({ inventoryPick })
    const input = screen.getByTestId<HTMLInputElement>('inventory-file-input')
    const click = vi.spyOn(input, 'click').mockImplementation(() => undefined)
    fireEvent.click(screen.getByRole('button', { name: 'Ouvrir un fichier…' }))
    expect(click).toHaveBeenCalled()
    expect(inventoryPick).not.toHaveBeenCalled()
    const upload = vi.spyOn(useInventoryStore.getState(), 'upload').mockResolvedValue(undefined)
    const file = new File([new Uint8Array([0x50, 0x4b])], 'audit.zip')
    fireEvent.change(input, { target: { files: [file] } })
    expect(upload).toHaveBeenCalledWith(file)
    upload.mockRestore()
  })

  it('in Electron, "Open a file…" is main’s dialog: dismissed, nothing else asks; a file picked opens', async () => {
    useAppStore.setState({
      startup: { state: 'ready', info: { version: '1', locale: 'fr-FR', host: 'electron' } },
    })
    const picked = entry({ fileId: 'p1', name: 'audit-2025.zip', source: 'recent' })
    const inventoryPick = vi.fn().mockReturnValueOnce(ok(null)).mockReturnValueOnce(ok(picked))
    const inventoryOpen = vi.fn(() => ok(openedFixture({ file: picked })))
    show({ inventoryPick, inventoryOpen, inventoryClose: () => ok(null) })
    const click = vi.spyOn(screen.getByTestId<HTMLInputElement>('inventory-file-input'), 'click')
    fireEvent.click(screen.getByRole('button', { name: 'Ouvrir un fichier…' }))
    await waitFor(() => expect(inventoryPick).toHaveBeenCalledTimes(1))
    expect(click).not.toHaveBeenCalled()
    expect(inventoryOpen).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: 'Ouvrir un fichier…' }))
    await waitFor(() => expect(useInventoryStore.getState().opened?.file.name).toBe('audit-2025.zip'))
    expect(inventoryOpen).toHaveBeenCalledWith({ fileId: 'p1' })
    expect(click).not.toHaveBeenCalled()
  })
})

import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { initI18n } from '../../../i18n'
import { resetCaptures } from '../../../stores/capture-store'
import { useFleetStore } from '../../../stores/fleet-store'
import { useInventoryStore } from '../../../stores/inventory-store'
import { entryFixture } from '../../../test-fixtures'
import { openedFixture } from '../inventory-fixtures'
import { CaptureButton } from './CaptureButton'
import { MANUAL_DONE_MS } from './CaptureToasts'
import { useMissingItem } from './missing-item'
import { failed, FakeInventoryMain, fileEntry, progressOf, written } from './test-inventory-main'

const opened: { fileId: string; key?: string | undefined }[] = []
let refreshed = 0
vi.mock('./open-inventory', () => ({
  openInventoryFile: (fileId: string, key?: string) => {
    opened.push({ fileId, key })
    return Promise.resolve('opened')
  },
  refreshInventoryFiles: () => (refreshed += 1),
}))

const show = (): void => {
  render(
    <MantineProvider>
      <CaptureButton />
    </MantineProvider>,
  )
}
const startButton = (): HTMLElement => screen.getByTestId('capture-start')
const flush = (): Promise<void> => act(() => Promise.resolve())

describe('taking an inventory snapshot from the header', () => {
  let main: FakeInventoryMain
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(() => {
    resetCaptures()
    opened.length = 0
    refreshed = 0
    main = new FakeInventoryMain()
    window.pveDesk = main.api()
    useFleetStore.setState({
      clusters: { c1: entryFixture('c1', { name: 'ace-prod' }), c2: entryFixture('c2', { name: 'vitib' }) },
    })
  })
  afterEach(() => {
    cleanup()
    vi.useRealTimers()
    delete window.pveDesk
    useFleetStore.setState({ clusters: {} })
    useInventoryStore.setState({ opened: undefined })
    useMissingItem.setState({ missing: undefined })
  })

  it('shows the progress from main’s events: the total, each cluster by name with its calls, the phase', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' })
    show()
    expect(startButton().getAttribute('aria-label')).toBe('Prendre un instantané d’inventaire')
    fireEvent.click(startButton())
    await flush()
    expect(screen.getByTestId('capture-progress').dataset.phase).toBe('starting')
    act(() => main.pushProgress(progressOf()))
    const dialog = screen.getByRole('dialog')
    expect(within(dialog).getByRole('status').textContent).toBe('Lecture des clusters…')
    expect(within(dialog).getByTestId('capture-calls').textContent).toBe('10 appels sur 40')
    const rows = within(dialog).getAllByRole('row').slice(1)
    expect(rows.map((r) => r.textContent)).toEqual(['ace-prodlecture10/40', 'vitiben attente0/0'])
    // While it runs the start button says why it is off, and the header shows the share done.
    expect(startButton()).toHaveProperty('disabled', true)
    const reason = document.getElementById(startButton().getAttribute('aria-describedby') ?? '')
    expect(reason?.textContent).toBe('Un instantané d’inventaire est en cours.')
    expect(screen.getByTestId('capture-progress-button').textContent).toMatch(/^25\s%$/)
    act(() => main.pushProgress(progressOf({ phase: 'writing', done: 40, total: 40 })))
    expect(within(dialog).getByRole('status').textContent).toBe('Écriture et signature du fichier…')
  })

  it('Cancel asks nothing, stops the capture by its id and says nothing was written', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' }).ok('inventoryCancel', null)
    show()
    fireEvent.click(startButton())
    await flush()
    act(() => main.pushProgress(progressOf()))
    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }))
    await flush()
    expect(main.calls.at(-1)).toEqual({ method: 'inventoryCancel', request: { captureId: 'cap1' } })
    expect(screen.queryByRole('alertdialog')).toBeNull()
    act(() => main.pushCaptured(failed({ code: 'cancelled', message: 'cancelled by the user' })))
    expect(screen.getByTestId('capture-end').dataset.outcome).toBe('cancelled')
    expect(screen.getByTestId('capture-end').textContent).toContain(
      'Annulé\u00a0: aucun fichier n’a été écrit.',
    )
    expect(startButton()).toHaveProperty('disabled', false)
  })

  it('ends with the file’s name, its counts, and Open it opens that file', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' })
    show()
    fireEvent.click(startButton())
    await flush()
    act(() => main.pushCaptured(written()))
    expect(screen.getByTestId('capture-file').textContent).toBe('pvedesk-inventory-20261201-120000Z.zip')
    expect(screen.getByTestId('capture-summary').textContent).toBe(
      '3 clusters · 5 nœuds · 40 invités · 2 problèmes',
    )
    expect(refreshed).toBe(1)
    fireEvent.click(screen.getByRole('button', { name: 'L’ouvrir' }))
    expect(opened).toEqual([{ fileId: 'f1', key: undefined }])
  })

  it('says why a capture failed, translated, with PVE Desk’s detail', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' })
    show()
    fireEvent.click(startButton())
    await flush()
    act(() => main.pushCaptured(failed({ code: 'keychain_unavailable', message: 'no Secret Service' })))
    const end = screen.getByTestId('capture-end')
    expect(end.dataset.outcome).toBe('failed')
    expect(end.textContent).toContain('Aucun trousseau du système n’est disponible. no Secret Service')
  })

  it('may be closed while it runs: the capture goes on, the header reopens it, and the end comes as a toast', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' })
    show()
    fireEvent.click(startButton())
    await flush()
    act(() => main.pushProgress(progressOf()))
    fireEvent.click(screen.getByRole('button', { name: 'Fermer' }))
    expect(main.calls.map((c) => c.method)).toEqual(['inventoryCapture'])
    fireEvent.click(screen.getByTestId('capture-progress-button'))
    expect(screen.getByTestId('capture-progress')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Fermer' }))
    act(() => main.pushCaptured(written()))
    const toasts = screen.getByTestId('capture-toasts')
    expect(toasts.textContent).toContain('Instantané d’inventaire écrit')
    fireEvent.click(within(toasts).getByRole('button', { name: 'Ouvrir' }))
    expect(opened).toEqual([{ fileId: 'f1', key: undefined }])
    expect(screen.queryByTestId('capture-toasts')).toBeNull()
  })

  it('tells a scheduled capture’s failure as a toast with the reason', () => {
    show()
    act(() => main.pushProgress(progressOf({ captureId: 's1' })))
    expect(startButton()).toHaveProperty('disabled', true)
    act(() =>
      main.pushCaptured(
        failed({ code: 'unreachable', message: '' }, { captureId: 's1', trigger: 'scheduled' }),
      ),
    )
    const toast = screen.getByTestId('capture-toasts')
    expect(toast.textContent).toContain('L’instantané d’inventaire planifié a échoué')
    expect(toast.textContent).toContain('Aucun point d’accès de ce cluster ne répond.')
    expect(startButton()).toHaveProperty('disabled', false)
  })

  it('counts the calls in the reader’s digits', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' })
    show()
    fireEvent.click(startButton())
    await flush()
    act(() =>
      main.pushProgress(
        progressOf({
          done: 12345,
          total: 40000,
          clusters: [{ clusterId: 'c1', state: 'running', done: 12345, total: 40000 }],
        }),
      ),
    )
    expect(screen.getByTestId('capture-calls').textContent).toMatch(/^12\s345 appels sur 40\s000$/)
    expect(within(screen.getByRole('dialog')).getAllByRole('row')[1]?.textContent).toMatch(
      /12\s345\/40\s000$/,
    )
  })

  it('lets a manual capture’s written toast go after a while, but not while pointed at', () => {
    vi.useFakeTimers()
    show()
    act(() => main.pushCaptured(written()))
    const toast = screen.getByTestId('capture-toasts').firstElementChild as HTMLElement
    fireEvent.mouseEnter(toast)
    act(() => {
      vi.advanceTimersByTime(MANUAL_DONE_MS * 2)
    })
    expect(screen.getByTestId('capture-toasts').textContent).toContain('Instantané d’inventaire écrit')
    fireEvent.mouseLeave(toast)
    act(() => {
      vi.advanceTimersByTime(MANUAL_DONE_MS - 1)
    })
    expect(screen.queryByTestId('capture-toasts')).not.toBeNull()
    act(() => {
      vi.advanceTimersByTime(1)
    })
    expect(screen.queryByTestId('capture-toasts')).toBeNull()
  })

  it('keeps a scheduled capture’s toasts until dismissed, written or failed', () => {
    vi.useFakeTimers()
    show()
    act(() => main.pushCaptured(written({ captureId: 's1', trigger: 'scheduled' })))
    act(() =>
      main.pushCaptured(
        failed({ code: 'unreachable', message: '' }, { captureId: 's2', trigger: 'scheduled' }),
      ),
    )
    act(() => {
      vi.advanceTimersByTime(MANUAL_DONE_MS * 10)
    })
    const outcomes = [...screen.getByTestId('capture-toasts').children].map(
      (c) => (c as HTMLElement).dataset.outcome,
    )
    expect(outcomes).toEqual(['written', 'failed'])
  })

  it('drops a written toast once its file is opened elsewhere (the files panel): it would cover the details', () => {
    show()
    act(() => main.pushCaptured(written({ captureId: 's1', trigger: 'scheduled' })))
    act(() =>
      main.pushCaptured(
        written({
          captureId: 's2',
          trigger: 'scheduled',
          file: fileEntry({ fileId: 'f2', name: 'other.zip' }),
        }),
      ),
    )
    act(() => useInventoryStore.setState({ opened: openedFixture() }))
    const toasts = screen.getByTestId('capture-toasts')
    expect(toasts.children).toHaveLength(1)
    expect(toasts.textContent).toContain('other.zip')
  })

  it('says a diff’s item is not in the file it opened, until another file opens', () => {
    show()
    act(() => {
      useInventoryStore.setState({ opened: openedFixture() })
      useMissingItem.setState({ missing: { subject: 'VM 101 (web01)', fileId: 'f1', file: 'a.zip' } })
    })
    expect(screen.getByTestId('missing-item').textContent).toMatch(
      /^VM 101 \(web01\)\s: pas dans cet instantané d’inventairea\.zip$/,
    )
    act(() => useInventoryStore.setState({ opened: undefined }))
    expect(screen.queryByTestId('missing-item')).toBeNull()
  })

  it('says, while a file is shown, that it reads the live fleet', async () => {
    useInventoryStore.setState({ opened: openedFixture() })
    show()
    fireEvent.mouseEnter(startButton().parentElement as HTMLElement)
    expect((await screen.findByRole('tooltip')).textContent).toBe(
      'Prendre un instantané d’inventaire du parc en direct (il lit les clusters maintenant, pas le fichier affiché)',
    )
  })

  it('is off, saying why, when no cluster is configured', () => {
    useFleetStore.setState({ clusters: {} })
    show()
    expect(startButton()).toHaveProperty('disabled', true)
    const reason = document.getElementById(startButton().getAttribute('aria-describedby') ?? '')
    expect(reason?.textContent).toBe('Aucun cluster n’est configuré\u00a0: ajoutez-en un d’abord.')
  })

  it('stops following main when it leaves the page', () => {
    show()
    expect(main.listeners()).toEqual({ progress: 1, captured: 1 })
    cleanup()
    expect(main.listeners()).toEqual({ progress: 0, captured: 0 })
  })
})

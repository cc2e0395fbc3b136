import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi, PveDeskStream } from '../../../shared/ipc/api'
import type { InventoryFileEntry, OpenedInventory } from '../../../shared/ipc/domains/inventory'
import type { AppErrorShape, Result } from '../../../shared/ipc/errors'
import { openedFixture } from '../features/inventory/inventory-fixtures'
import { clusterStateFixture, guestFixture, nodeFixture } from '../test-fixtures'
import { DETAILS_TAB, useConsoleStore } from './console-store'
import { useFleetStore } from './fleet-store'
import { UPLOAD_CHUNK_BYTES, useInventoryStore } from './inventory-store'
import { shownFleet } from './shown-fleet'
import { useSnapshotFleetStore } from './snapshot-fleet'
import { useUiStore } from './ui-store'

const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value })
const fail = (error: AppErrorShape): Promise<Result<never>> => Promise.resolve({ ok: false, error })

const uploaded: InventoryFileEntry = {
  fileId: 'u1',
  name: 'audit.zip',
  source: 'upload',
  bytes: 600 * 1024,
  modifiedAt: 1,
}

/** The upload stream's renderer end, as the bridge gives it: what was sent, and main's side to play by hand. */
function fakeStream(credit: (sent: number) => boolean = () => true): {
  stream: PveDeskStream<Uint8Array | { end: true }, InventoryFileEntry>
  sent: (Uint8Array | { end: true })[]
  answer: (entry: InventoryFileEntry) => void
  end: (error?: AppErrorShape) => void
  drain: () => void
} {
  const sent: (Uint8Array | { end: true })[] = []
  let message: ((entry: InventoryFileEntry) => void) | undefined
  let close: ((error: AppErrorShape | undefined) => void) | undefined
  let drain: (() => void) | undefined
  const stream = {
    send: (m: Uint8Array | { end: true }) => {
      sent.push(m)
      return credit(sent.length)
    },
    onMessage: (l: (entry: InventoryFileEntry) => void) => {
      message = l
      return () => undefined
    },
    onDrain: (l: () => void) => {
      drain = l
      return () => undefined
    },
    onClose: (l: (error: AppErrorShape | undefined) => void) => {
      close = l
      return () => undefined
    },
    pause: () => undefined,
    resume: () => undefined,
    close: () => close?.(undefined),
  }
  return {
    stream,
    sent,
    answer: (entry) => message?.(entry),
    end: (error) => close?.(error),
    drain: () => drain?.(),
  }
}

/** Waits until `check` holds (promises of the store settle in a few microtasks). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 0))
  expect(check()).toBe(true)
}

const bytes = (n: number): Blob => new Blob([new Uint8Array(n).fill(7)])
const file = (n: number, name = 'audit.zip'): Blob & { name: string } => Object.assign(bytes(n), { name })

function bridge(overrides: Partial<Record<keyof PveDeskApi, unknown>>): void {
  window.pveDesk = {
    inventoryClose: vi.fn(() => ok(null)),
    inventoryFiles: vi.fn(() => ok([])),
    ...overrides,
  } as unknown as PveDeskApi
}

describe('inventory store', () => {
  beforeEach(() => {
    useInventoryStore.setState({
      files: [],
      opened: undefined,
      live: undefined,
      failure: undefined,
      busy: undefined,
    })
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useUiStore.setState({ selected: undefined, collapsed: new Set() })
    useConsoleStore.setState({ active: DETAILS_TAB })
  })
  afterEach(() => {
    delete window.pveDesk
  })

  it('shows the snapshot read-only while the live fleet keeps its deltas, and goes back to it as it was', async () => {
    useFleetStore.getState().load({
      clusters: [
        clusterStateFixture('c1', [nodeFixture('c1', 'n1', 'Km4'), guestFixture({ name: 'web-live' })]),
      ],
    })
    const liveSelection = { kind: 'guest', clusterId: 'c1', vmid: 100 } as const
    useUiStore.setState({ selected: liveSelection, collapsed: new Set(['site:Km4']) })
    const inventoryOpen = vi.fn(() => ok(openedFixture()))
    bridge({ inventoryOpen })

    await useInventoryStore.getState().openFile('f1', 'c1/qemu/100')
    expect(useInventoryStore.getState().opened?.snapshotId).toBe('s1')
    // The tree and details read the snapshot, with the key selected in it, every row expanded.
    expect(shownFleet().trees.c1?.guests.get(100)?.name).toBe('web-snap')
    expect(shownFleet().clusters.c1?.capture?.reach).toBe('captured')
    expect(shownFleet().clusters.c2?.status.state).toBe('unreachable')
    expect(useUiStore.getState().selected).toEqual({ kind: 'guest', clusterId: 'c1', vmid: 100 })
    expect(useUiStore.getState().collapsed.size).toBe(0)

    // Live deltas go on in the background, into the live store only.
    useFleetStore.getState().applyDelta({
      clusterId: 'c1',
      seq: 2,
      upserts: [guestFixture({ name: 'web-renamed', status: 'stopped' })],
      removed: [],
    })
    expect(shownFleet().trees.c1?.guests.get(100)?.name).toBe('web-snap')
    expect(useFleetStore.getState().trees.c1?.guests.get(100)?.name).toBe('web-renamed')

    await useInventoryStore.getState().closeSnapshot()
    expect(useInventoryStore.getState().opened).toBeUndefined()
    expect(shownFleet().trees.c1?.guests.get(100)?.name).toBe('web-renamed')
    expect(useUiStore.getState().selected).toBe(liveSelection)
    expect(useUiStore.getState().collapsed.has('site:Km4')).toBe(true)
    expect(useSnapshotFleetStore.getState().clusters).toEqual({})
    expect(window.pveDesk?.inventoryClose).toHaveBeenCalledWith({ snapshotId: 's1' })
  })

  it('keeps the live view of the first snapshot when a second one replaces it, and closes the first in main', async () => {
    useUiStore.setState({ selected: { kind: 'site', site: 'Km4' } })
    const inventoryOpen = vi
      .fn()
      .mockReturnValueOnce(ok(openedFixture()))
      .mockReturnValueOnce(ok(openedFixture({ snapshotId: 's2' })))
    bridge({ inventoryOpen })
    await useInventoryStore.getState().openFile('f1')
    await useInventoryStore.getState().openFile('f2')
    expect(window.pveDesk?.inventoryClose).toHaveBeenCalledWith({ snapshotId: 's1' })
    await useInventoryStore.getState().closeSnapshot()
    expect(useUiStore.getState().selected).toEqual({ kind: 'site', site: 'Km4' })
  })

  it('opens nothing when the file does not hold, and keeps why', async () => {
    bridge({
      inventoryOpen: () =>
        fail({ code: 'inventory_invalid', message: 'digest', detail: { reason: 'digest_mismatch' } }),
    })
    useInventoryStore.setState({ files: [{ ...openedFixture().file, name: 'tampered.zip' }] })
    await useInventoryStore.getState().openFile('f1')
    const { opened, failure, panelOpen } = useInventoryStore.getState()
    expect(opened).toBeUndefined()
    expect(failure?.file).toBe('tampered.zip')
    expect(failure?.error.detail?.reason).toBe('digest_mismatch')
    expect(panelOpen).toBe(true)
    expect(useSnapshotFleetStore.getState().loaded).toBe(false)
  })

  it('streams a file in chunks of at most 256 KiB, waits when main asks, ends, then opens what main answered', async () => {
    // Main's credit runs out after the first chunk: nothing more may go until it drains.
    const s = fakeStream((n) => n !== 1)
    const openInventoryUpload = vi.fn(() => ok(s.stream))
    const inventoryOpen = vi.fn(() => ok(openedFixture({ file: uploaded })))
    bridge({ openInventoryUpload, inventoryOpen })

    const done = useInventoryStore.getState().upload(file(600 * 1024))
    await until(() => s.sent.length === 1)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(s.sent).toHaveLength(1)
    s.drain()
    await until(() => s.sent.length === 4)
    expect(openInventoryUpload).toHaveBeenCalledWith({ name: 'audit.zip', size: 600 * 1024 })
    const sizes = s.sent.map((m) => (m instanceof Uint8Array ? m.byteLength : 'end'))
    expect(sizes).toEqual([
      UPLOAD_CHUNK_BYTES,
      UPLOAD_CHUNK_BYTES,
      600 * 1024 - 2 * UPLOAD_CHUNK_BYTES,
      'end',
    ])
    expect(s.sent[3]).toEqual({ end: true })
    expect(inventoryOpen).not.toHaveBeenCalled()
    s.answer(uploaded)
    s.end()
    await done
    expect(inventoryOpen).toHaveBeenCalledWith({ fileId: 'u1' })
    expect(useInventoryStore.getState().opened?.file.name).toBe('audit.zip')
  })

  it('opens nothing when main refuses the uploaded bytes', async () => {
    const s = fakeStream()
    const inventoryOpen = vi.fn()
    bridge({ openInventoryUpload: () => ok(s.stream), inventoryOpen })
    const done = useInventoryStore.getState().upload(file(10, 'notes.txt'))
    await until(() => s.sent.length === 2)
    s.end({ code: 'inventory_invalid', message: 'no ZIP signature', detail: { reason: 'not_zip' } })
    await done
    expect(inventoryOpen).not.toHaveBeenCalled()
    expect(useInventoryStore.getState().failure).toMatchObject({
      file: 'notes.txt',
      error: { code: 'inventory_invalid', detail: { reason: 'not_zip' } },
    })
  })

  it('refuses an empty or oversized file without streaming it, with its size and the limit, in no English', async () => {
    const openInventoryUpload = vi.fn()
    bridge({ openInventoryUpload })
    await useInventoryStore.getState().upload(file(0))
    expect(useInventoryStore.getState().failure?.error).toEqual({
      code: 'inventory_invalid',
      message: '',
      detail: { reason: 'empty' },
    })
    const huge = Object.assign(bytes(1), { name: 'huge.zip' })
    Object.defineProperty(huge, 'size', { value: 300 * 1024 * 1024 })
    await useInventoryStore.getState().upload(huge)
    expect(useInventoryStore.getState().failure?.error).toEqual({
      code: 'inventory_invalid',
      message: '',
      detail: { reason: 'too_large', bytes: String(300 * 1024 * 1024), limit: String(256 * 1024 * 1024) },
    })
    expect(openInventoryUpload).not.toHaveBeenCalled()
  })

  it('sends one file at a time, says how much is sent, and Cancel closes the stream and opens nothing', async () => {
    // Main takes the first chunk, then asks to wait: the upload stays under way.
    const s = fakeStream((n) => n < 1)
    const close = vi.spyOn(s.stream, 'close')
    const openInventoryUpload = vi.fn(() => ok(s.stream))
    const inventoryOpen = vi.fn()
    bridge({ openInventoryUpload, inventoryOpen })
    const done = useInventoryStore.getState().upload(file(600 * 1024))
    await until(() => s.sent.length === 1)
    expect(useInventoryStore.getState().sending).toEqual({
      name: 'audit.zip',
      sent: UPLOAD_CHUNK_BYTES,
      size: 600 * 1024,
    })
    // A second drop while the first is sent streams nothing and says why (no conflict from main).
    await useInventoryStore.getState().upload(file(10, 'other.zip'))
    expect(openInventoryUpload).toHaveBeenCalledTimes(1)
    expect(useInventoryStore.getState().failure).toMatchObject({
      file: 'other.zip',
      error: { message: '', detail: { reason: 'busy', busy: 'audit.zip' } },
    })
    useInventoryStore.getState().dismissFailure()
    useInventoryStore.getState().cancelUpload()
    await done
    expect(close).toHaveBeenCalled()
    expect(s.sent.some((m) => !(m instanceof Uint8Array))).toBe(false)
    expect(inventoryOpen).not.toHaveBeenCalled()
    expect(useInventoryStore.getState()).toMatchObject({
      sending: undefined,
      busy: undefined,
      failure: undefined,
    })
  })

  it('says a file that could not be read by its reason, the browser’s words only as the detail', async () => {
    const s = fakeStream()
    bridge({ openInventoryUpload: () => ok(s.stream) })
    const broken = Object.assign(bytes(10), { name: 'gone.zip' })
    broken.slice = () => {
      throw new Error('NotReadableError: the file was removed')
    }
    await useInventoryStore.getState().upload(broken)
    expect(useInventoryStore.getState().failure?.error).toMatchObject({
      code: 'inventory_invalid',
      detail: { reason: 'unreadable_file' },
    })
    expect(useInventoryStore.getState().sending).toBeUndefined()
  })

  it('keeps the opened snapshot without its fleet (indexed once, in its store), and puts back the live search', async () => {
    bridge({ inventoryOpen: () => ok(openedFixture()) })
    useUiStore.setState({ filter: 'web' })
    await useInventoryStore.getState().openFile('f1')
    const opened = useInventoryStore.getState().opened
    expect(opened === undefined ? undefined : 'fleet' in opened).toBe(false)
    expect(opened?.clusterNames).toEqual({ c1: 'ACE', c2: 'VITIB' })
    expect(Object.keys(useSnapshotFleetStore.getState().clusters)).toEqual(['c1', 'c2'])
    expect(useUiStore.getState().filter).toBe('')
    useUiStore.setState({ filter: 'snap' })
    await useInventoryStore.getState().closeSnapshot()
    expect(useUiStore.getState().filter).toBe('web')
  })

  it('closes an open that a later one overtook, and shows only the later', async () => {
    let answerFirst: ((r: Result<OpenedInventory>) => void) | undefined
    const inventoryOpen = vi
      .fn()
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockReturnValueOnce(ok(openedFixture({ snapshotId: 's2' })))
    bridge({ inventoryOpen })
    const first = useInventoryStore.getState().openFile('f1')
    await useInventoryStore.getState().openFile('f2')
    answerFirst?.({ ok: true, value: openedFixture({ snapshotId: 's1' }) })
    await first
    expect(useInventoryStore.getState().opened?.snapshotId).toBe('s2')
    expect(window.pveDesk?.inventoryClose).toHaveBeenCalledWith({ snapshotId: 's1' })
  })
})

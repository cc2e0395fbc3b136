import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  failed,
  FakeInventoryMain,
  progressOf,
  written,
} from '../features/inventory/tools/test-inventory-main'
import { captureFraction, followCaptures, resetCaptures, useCaptureStore } from './capture-store'

const state = (): ReturnType<typeof useCaptureStore.getState> => useCaptureStore.getState()

describe('capture store', () => {
  let main: FakeInventoryMain
  let stop: () => void
  let writtenCount: number
  beforeEach(() => {
    resetCaptures()
    main = new FakeInventoryMain()
    window.pveDesk = main.api()
    writtenCount = 0
    stop = followCaptures(window.pveDesk, () => (writtenCount += 1))
  })
  afterEach(() => {
    stop()
    delete window.pveDesk
  })

  it('starts a capture of every cluster, follows its progress and ends in the dialog with the file', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' })
    await state().start()
    expect(main.calls).toEqual([{ method: 'inventoryCapture', request: {} }])
    expect(state()).toMatchObject({ dialogOpen: true, run: { captureId: 'cap1', mine: true } })
    main.pushProgress(progressOf())
    expect(captureFraction(state().run?.progress)).toBe(0.25)
    main.pushCaptured(written())
    expect(state().run).toBeUndefined()
    expect(state().outcome).toMatchObject({ ok: true, file: { fileId: 'f1' } })
    // The open dialog shows the end: no toast on top of it; the files panel hears of the new file.
    expect(state().toasts).toEqual([])
    expect(writtenCount).toBe(1)
  })

  it('takes progress and even the end that come before main answered with the capture id', async () => {
    let answer: (v: { ok: true; value: { captureId: string } }) => void = () => undefined
    main.answer('inventoryCapture', () => new Promise((resolve) => (answer = resolve)))
    const starting = state().start()
    main.pushProgress(progressOf({ captureId: 'cap9' }))
    expect(state().run).toMatchObject({ captureId: 'cap9', mine: true })
    main.pushCaptured(written({ captureId: 'cap9' }))
    answer({ ok: true, value: { captureId: 'cap9' } })
    await starting
    // The late answer does not bring the ended capture back.
    expect(state().run).toBeUndefined()
    expect(state().outcome?.ok).toBe(true)
  })

  it('says why main refused to start (one capture at a time), with nothing left running', async () => {
    main.fail('inventoryCapture', { code: 'conflict', message: 'a capture is under way' })
    await state().start()
    expect(state().run).toBeUndefined()
    expect(state().outcome).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('cancels by the capture id once, and ends as cancelled without a toast', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' }).ok('inventoryCancel', null)
    await state().start()
    state().closeDialog()
    const first = state().cancel()
    void state().cancel()
    await first
    expect(main.calls.filter((c) => c.method === 'inventoryCancel')).toEqual([
      { method: 'inventoryCancel', request: { captureId: 'cap1' } },
    ])
    expect(state().run?.cancelling).toBe(true)
    main.pushCaptured(failed({ code: 'cancelled', message: '' }))
    expect(state().run).toBeUndefined()
    expect(state().toasts).toEqual([])
    expect(writtenCount).toBe(0)
  })

  it('lets Cancel be tried again when main refused it', async () => {
    main
      .ok('inventoryCapture', { captureId: 'cap1' })
      .fail('inventoryCancel', { code: 'internal', message: 'x' })
    await state().start()
    await state().cancel()
    expect(state().run).toMatchObject({ captureId: 'cap1', cancelling: false })
  })

  it('tells the end of a capture whose dialog was closed as a toast, and a scheduled one too', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' })
    await state().start()
    state().closeDialog()
    main.pushCaptured(written())
    expect(state().toasts.map((t) => t.captureId)).toEqual(['cap1'])
    // A scheduled capture: seen by its progress, it shows in the header, then ends as a toast.
    main.pushProgress(progressOf({ captureId: 'sched1' }))
    expect(state().run).toMatchObject({ captureId: 'sched1', mine: false })
    main.pushCaptured(
      failed({ code: 'unreachable', message: 'no endpoint' }, { captureId: 'sched1', trigger: 'scheduled' }),
    )
    expect(state().run).toBeUndefined()
    expect(state().toasts.map((t) => [t.captureId, t.ok])).toEqual([
      ['cap1', true],
      ['sched1', false],
    ])
    // An event told twice is one toast; a late progress of an ended capture does not revive it.
    main.pushCaptured(written())
    main.pushProgress(progressOf({ captureId: 'sched1' }))
    expect(state().toasts).toHaveLength(2)
    expect(state().run).toBeUndefined()
    state().dismissToast('cap1')
    expect(state().toasts.map((t) => t.captureId)).toEqual(['sched1'])
  })

  it('ignores the progress of another capture while this one runs', async () => {
    main.ok('inventoryCapture', { captureId: 'cap1' })
    await state().start()
    main.pushProgress(progressOf({ captureId: 'other', done: 39 }))
    expect(state().run?.progress).toBeUndefined()
  })

  it('leaves no listener behind once disposed', () => {
    expect(main.listeners()).toEqual({ progress: 1, captured: 1 })
    stop()
    expect(main.listeners()).toEqual({ progress: 0, captured: 0 })
  })

  it('has no fraction before the total is known', () => {
    expect(captureFraction(undefined)).toBeUndefined()
    expect(captureFraction(progressOf({ done: 0, total: 0 }))).toBeUndefined()
    expect(captureFraction(progressOf({ done: 50, total: 40 }))).toBe(1)
  })
})

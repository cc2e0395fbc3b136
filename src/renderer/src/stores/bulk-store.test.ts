import { afterEach, describe, expect, it, vi } from 'vitest'

import type { BulkProgress } from '../../../shared/model/bulk'
import type { Result } from '../../../shared/ipc/errors'
import { subscribeBulk, useBulkStore } from './bulk-store'

const progress = (bulkId: string, done: boolean): BulkProgress => ({
  bulkId,
  planId: `plan-${bulkId}`,
  results: [{ key: 'c1/lxc/110', clusterId: 'c1', vmid: 110, state: done ? 'ok' : 'running' }],
  done,
  cancelled: false,
})

function fakeApi(): {
  api: Parameters<typeof subscribeBulk>[0]
  emit: (p: BulkProgress) => void
  answerList: (list: BulkProgress[]) => Promise<void>
  listeners: () => number
} {
  let listeners: ((p: BulkProgress) => void)[] = []
  let answer: (r: Result<BulkProgress[]>) => void = () => undefined
  const list = new Promise<Result<BulkProgress[]>>((resolve) => (answer = resolve))
  return {
    api: {
      onBulkProgress: (listener) => {
        listeners.push(listener)
        return () => {
          listeners = listeners.filter((l) => l !== listener)
        }
      },
      bulkList: () => list,
    },
    emit: (p) => {
      for (const l of listeners) l(p)
    },
    answerList: async (value) => {
      answer({ ok: true, value })
      await list
      await Promise.resolve()
    },
    listeners: () => listeners.length,
  }
}

describe('bulk runs in the window', () => {
  afterEach(() => {
    useBulkStore.setState({ dialog: undefined, runs: {}, order: [], actions: {} })
  })

  it('finds the session’s runs again after a reload, newest first', async () => {
    const fake = fakeApi()
    const stop = subscribeBulk(fake.api)
    await fake.answerList([progress('b2', false), progress('b1', true)])
    expect(useBulkStore.getState().order).toEqual(['b2', 'b1'])
    stop()
  })

  it('keeps a progress event received while the list was on its way over the older listed state', async () => {
    const fake = fakeApi()
    const stop = subscribeBulk(fake.api)
    fake.emit(progress('b1', true))
    await fake.answerList([progress('b1', false)])
    expect(useBulkStore.getState().runs.b1?.done).toBe(true)
    stop()
  })

  it('listens no more once stopped, and takes no late list', async () => {
    const fake = fakeApi()
    const stop = subscribeBulk(fake.api)
    stop()
    expect(fake.listeners()).toBe(0)
    await fake.answerList([progress('b1', false)])
    expect(useBulkStore.getState().order).toEqual([])
  })

  it('keeps at most 50 runs, the newest', () => {
    for (let i = 0; i < 60; i++) useBulkStore.getState().setProgress(progress(`b${i}`, true))
    const { order, runs } = useBulkStore.getState()
    expect(order).toHaveLength(50)
    expect(order[0]).toBe('b59')
    expect(Object.keys(runs)).toHaveLength(50)
    expect(runs.b0).toBeUndefined()
  })
})

describe('the focus around the bulk dialogs', () => {
  afterEach(() => {
    vi.useRealTimers()
    document.body.replaceChildren()
    useBulkStore.setState({ dialog: undefined })
  })

  const button = (label: string): HTMLButtonElement => {
    const b = document.createElement('button')
    b.textContent = label
    document.body.append(b)
    return b
  }

  it('goes back to what had it when the dialog opened, also after the run replaced the new action', () => {
    vi.useFakeTimers()
    const opener = button('Arrêter')
    opener.focus()
    useBulkStore.getState().open({ kind: 'new', action: 'stop', guests: [] })
    // Inside the dialog (gone once closed), the focus moves on.
    const inDialog = document.createElement('div')
    inDialog.setAttribute('role', 'dialog')
    const yes = document.createElement('button')
    inDialog.append(yes)
    document.body.append(inDialog)
    yes.focus()
    useBulkStore.getState().started('b1', 'stop')
    useBulkStore.getState().close()
    inDialog.remove()
    vi.runAllTimers()
    expect(document.activeElement).toBe(opener)
  })

  it('goes to the fleet tree when what had it is gone (a context menu’s item)', () => {
    vi.useFakeTimers()
    const tree = document.createElement('div')
    tree.setAttribute('role', 'tree')
    tree.className = 'fleet-tree'
    tree.tabIndex = 0
    document.body.append(tree)
    const item = button('Éteindre')
    item.focus()
    useBulkStore.getState().open({ kind: 'new', action: 'shutdown', guests: [] })
    item.remove()
    useBulkStore.getState().close()
    vi.runAllTimers()
    expect(document.activeElement).toBe(tree)
  })
})

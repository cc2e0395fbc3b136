import { afterEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../shared/ipc/api'
import type { DrAlert, DrReport } from '../../../shared/model/dr'
import { defaultDrTargets } from '../../../shared/model/dr'
import { drReport, drRow } from '../features/dr/dr-fixtures'
import { MAX_LAST_ALERTS, subscribeDr, useDrStore } from './dr-store'

const alert = (n: number): DrAlert => ({
  id: `replica-lag:ace-prod:vm ${n}:${n}`,
  at: n,
  kind: 'replica-lag',
  phase: 'raised',
  clusterId: 'ace-prod',
  subject: `vm ${n}`,
  params: {},
})

const initial = useDrStore.getState()

describe('the DR store', () => {
  afterEach(() => {
    useDrStore.setState(initial, true)
    delete window.pveDesk
  })

  it('follows dr:changed but never goes back to an older report', () => {
    const store = useDrStore.getState()
    store.changed(drReport([drRow(1)], 200))
    store.changed(drReport([drRow(2)], 100))
    expect(useDrStore.getState().report?.guests.map((g) => g.vmid)).toEqual([1])
  })

  it('keeps each alert once in the history and the last few for the toasts, newest first', () => {
    const store = useDrStore.getState()
    for (let n = 1; n <= MAX_LAST_ALERTS + 2; n++) store.alerted(alert(n))
    store.alerted(alert(3))
    const { history, lastAlerts } = useDrStore.getState()
    expect(history).toHaveLength(MAX_LAST_ALERTS + 2)
    expect(lastAlerts.map((a) => a.at)).toEqual([7, 6, 5, 4, 3])
    store.dismissAlert(alert(7).id)
    expect(useDrStore.getState().lastAlerts.map((a) => a.at)).toEqual([6, 5, 4, 3])
  })

  it('subscribes before it loads, and stops listening when stopped', async () => {
    const order: string[] = []
    const listeners: { changed?: (r: DrReport) => void } = {}
    const stopChanged = vi.fn()
    const api = {
      onDrChanged: (l: (r: DrReport) => void) => {
        order.push('onDrChanged')
        listeners.changed = l
        return stopChanged
      },
      onDrAlert: () => {
        order.push('onDrAlert')
        return () => undefined
      },
      drReport: () => {
        order.push('drReport')
        return Promise.resolve({ ok: true, value: drReport([drRow(5)], 50) })
      },
      drTargets: () => Promise.resolve({ ok: true, value: defaultDrTargets() }),
      drHistory: () => Promise.resolve({ ok: true, value: [alert(1)] }),
    } as unknown as PveDeskApi
    window.pveDesk = api
    // The event arrives before the load's answer: the newer one is kept.
    const stop = subscribeDr(api)
    listeners.changed?.(drReport([drRow(6)], 60))
    await vi.waitFor(() => expect(useDrStore.getState().history).toHaveLength(1))
    expect(order.slice(0, 3)).toEqual(['onDrChanged', 'onDrAlert', 'drReport'])
    expect(useDrStore.getState().report?.guests.map((g) => g.vmid)).toEqual([6])
    stop()
    expect(stopChanged).toHaveBeenCalledOnce()
  })

  it('keeps the report and says why when a refresh fails', async () => {
    useDrStore.getState().changed(drReport([drRow(1)], 10))
    window.pveDesk = {
      drRefresh: () => Promise.resolve({ ok: false, error: { code: 'cancelled', message: 'cancelled' } }),
    } as unknown as PveDeskApi
    await useDrStore.getState().refresh()
    const s = useDrStore.getState()
    expect(s.report?.at).toBe(10)
    expect(s.error?.code).toBe('cancelled')
    expect(s.refreshing).toBe(false)
  })
})

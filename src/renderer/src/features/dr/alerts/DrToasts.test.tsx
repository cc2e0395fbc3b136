import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { DrAlert } from '../../../../../shared/model/dr'
import { initI18n } from '../../../i18n'
import { useDrStore } from '../../../stores/dr-store'
import { alertFixture } from '../sites/test-sites'
import { CLEARED_TOAST_MS, DrToasts } from './DrToasts'
import { toastItems } from './toast-groups'

beforeAll(async () => {
  await initI18n('fr-FR')
})

const show = (): void => {
  render(
    <MantineProvider>
      <DrToasts />
    </MantineProvider>,
  )
}

const alert = (over: Partial<DrAlert>): void => {
  act(() => useDrStore.getState().alerted(alertFixture(over)))
}

describe('DR toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    useDrStore.setState({ history: [], lastAlerts: [], report: undefined })
  })
  afterEach(() => {
    cleanup()
    vi.useRealTimers()
  })

  it('a raised alert in the site’s words with PVE’s error, red or orange; it stays until dismissed', () => {
    show()
    alert({})
    const toast = screen.getByRole('group', { name: 'VITIB · réplication 101-0 en échec' })
    expect(toast.textContent).toContain('zfs error: cannot send')
    expect(toast.dataset.phase).toBe('raised')
    expect(screen.getByRole('status', { name: 'Alertes PRA' }).textContent).toBe(
      'VITIB · réplication 101-0 en échec : zfs error: cannot send',
    )
    act(() => {
      vi.advanceTimersByTime(CLEARED_TOAST_MS * 3)
    })
    expect(screen.getByRole('group', { name: 'VITIB · réplication 101-0 en échec' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Fermer' }))
    expect(screen.queryByTestId('dr-toast')).toBeNull()
    // Dismissed from the toasts, kept in the history.
    expect(useDrStore.getState().history).toHaveLength(1)
  })

  it('a cleared alert is a short green one that goes by itself', () => {
    show()
    alert({ phase: 'cleared', kind: 'quorum-lost', subject: 'ACE Prod', site: 'Km4', params: {} })
    const toast = screen.getByRole('group', { name: 'Km4 · quorum rétabli sur ACE Prod' })
    expect(toast.dataset.phase).toBe('cleared')
    act(() => {
      vi.advanceTimersByTime(CLEARED_TOAST_MS + 1)
    })
    expect(screen.queryByTestId('dr-toast')).toBeNull()
  })

  it('three at once stay three toasts; five at once are one « 5 alertes PRA » that opens the history', () => {
    show()
    for (let vmid = 101; vmid <= 103; vmid++)
      alert({ subject: `vm ${vmid}`, params: { job: `${vmid}-0` }, at: 10 })
    expect(screen.getAllByTestId('dr-toast')).toHaveLength(3)
    act(() => useDrStore.setState({ lastAlerts: [] }))
    for (let vmid = 101; vmid <= 105; vmid++) {
      alert({
        subject: `vm ${vmid}`,
        params: { job: `${vmid}-0` },
        at: 20,
        phase: vmid === 105 ? 'cleared' : 'raised',
      })
    }
    const toasts = screen.getAllByTestId('dr-toast')
    expect(toasts).toHaveLength(1)
    expect(toasts[0]?.getAttribute('aria-label')).toBe('5 alertes PRA')
    expect(screen.getByTestId('dr-toast-group-detail').textContent).toBe('4 levées, 1 résolues')
    fireEvent.click(screen.getByRole('button', { name: 'Historique' }))
    expect(screen.queryByTestId('dr-toast')).toBeNull()
    expect(screen.getByRole('dialog', { name: 'Historique des alertes PRA' })).toBeTruthy()
  })
})

describe('toastItems', () => {
  it('counts a burst from the whole history although the toasts keep only the last few', () => {
    const burst = Array.from({ length: 12 }, (_, i) => alertFixture({ subject: `vm ${i}`, at: 50 }))
    const items = toastItems(burst.slice(0, 5), burst)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ kind: 'group', count: 12, raised: 12, cleared: 0 })
  })

  it('keeps separate evaluations apart', () => {
    const a = alertFixture({ at: 1 })
    const b = alertFixture({ at: 2, kind: 'node-down', subject: 'km4-pve2' })
    expect(toastItems([b, a], [b, a]).map((i) => i.kind)).toEqual(['one', 'one'])
  })
})

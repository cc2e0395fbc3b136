import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { initI18n } from '../../../i18n'
import { useDrStore } from '../../../stores/dr-store'
import { alertFixture } from '../sites/test-sites'
import { AlertHistory, filterHistory } from './AlertHistory'

beforeAll(async () => {
  await initI18n('fr-FR')
})

const HISTORY = [
  alertFixture({ at: 30, kind: 'quorum-lost', site: 'Km4', subject: 'ace-prod', params: {} }),
  alertFixture({ at: 20, phase: 'cleared', params: { job: '101-0' } }),
  alertFixture({ at: 10, params: { job: '101-0', error: '<script>alert(1)</script>' } }),
]

const show = (): void => {
  render(
    <MantineProvider>
      <AlertHistory onClose={() => undefined} />
    </MantineProvider>,
  )
}

describe('DR alert history', () => {
  beforeEach(() => {
    useDrStore.setState({ history: HISTORY, lastAlerts: [] })
  })
  afterEach(() => {
    cleanup()
    vi.restoreAllMocks()
  })

  it('lists every alert newest first in words; PVE’s hostile error text stays text', () => {
    show()
    const list = screen.getByRole('list', { name: 'Alertes PRA, les plus récentes d’abord' })
    const items = within(list).getAllByRole('listitem')
    expect(items.map((li) => li.dataset.kind)).toEqual([
      'quorum-lost',
      'replication-failed',
      'replication-failed',
    ])
    expect(items[0]?.textContent).toContain('Km4 · quorum perdu sur ace-prod')
    expect(items[1]?.textContent).toContain('VITIB · réplication 101-0 rétablie')
    expect(items[2]?.textContent).toContain('VITIB · réplication 101-0 en échec : <script>alert(1)</script>')
    expect(list.querySelector('script')).toBeNull()
  })

  it('filters by kind and by site', () => {
    expect(filterHistory(HISTORY, 'quorum-lost', '')).toHaveLength(1)
    expect(filterHistory(HISTORY, '', 'VITIB')).toHaveLength(2)
    expect(filterHistory(HISTORY, 'quorum-lost', 'VITIB')).toHaveLength(0)
  })

  it('clears only after the confirmation; a refusal is said and the history kept', async () => {
    const clear = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValueOnce(undefined)
    useDrStore.setState({ clearHistory: clear })
    show()
    fireEvent.click(screen.getByRole('button', { name: 'Effacer l’historique' }))
    expect(clear).not.toHaveBeenCalled()
    const confirm = screen.getByRole('alertdialog')
    expect(confirm.textContent).toContain('(3)')
    fireEvent.click(within(confirm).getByRole('button', { name: 'Effacer' }))
    await waitFor(() => {
      expect(screen.getByRole('alert').textContent).toContain('L’historique n’a pas pu être effacé')
    })
    expect(screen.getAllByRole('listitem')).toHaveLength(3)
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Effacer' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(clear).toHaveBeenCalledTimes(2)
  })
})

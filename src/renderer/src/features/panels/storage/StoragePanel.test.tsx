import { MantineProvider } from '@mantine/core'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { StoragePanel as StorageAnswer } from '../../../../../shared/model/infra-panels'
import { initI18n } from '../../../i18n'
import { FakeInfraMain } from '../node/test-infra-main'
import { StoragePanel } from './StoragePanel'

const GiB = 2 ** 30
const now = Math.floor(Date.now() / 1000)

const answer: StorageAnswer = {
  storage: 'pbs-km4',
  type: 'pbs',
  shared: true,
  content: ['backup'],
  perNode: [
    { node: 'km4-pve1', status: 'available', active: true, used: 95 * GiB, total: 100 * GiB },
    { node: 'km4-pve2', status: 'available', active: true, used: 50 * GiB, total: 100 * GiB },
  ],
  contentSummary: [{ content: 'backup', count: 3, size: 12 * GiB }],
  backups: [
    {
      volid: 'pbs-km4:backup/vm/101/old',
      storage: 'pbs-km4',
      vmid: 101,
      ctime: now - 3 * 86_400,
      protected: false,
    },
    {
      volid: 'pbs-km4:backup/vm/101/new',
      storage: 'pbs-km4',
      vmid: 101,
      ctime: now - 3_600,
      protected: true,
      verification: { state: 'ok' },
    },
    {
      volid: 'pbs-km4:backup/vm/102/mid',
      storage: 'pbs-km4',
      vmid: 102,
      ctime: now - 86_400,
      protected: false,
      verification: { state: 'failed' },
    },
  ],
  gaps: [],
}

describe('storage panel', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('shows usage per node coloured at 90 %, and backups newest first with their verification', async () => {
    window.pveDesk = new FakeInfraMain().answer('panelStorage', () => answer).api()
    render(
      <MantineProvider>
        <StoragePanel clusterId="c1" storage="pbs-km4" />
      </MantineProvider>,
    )
    const backups = await screen.findByTestId('storage-backups')
    const rows = [...backups.querySelectorAll('tbody tr')]
    expect(rows.map((r) => r.getAttribute('data-volid'))).toEqual([
      'pbs-km4:backup/vm/101/new',
      'pbs-km4:backup/vm/102/mid',
      'pbs-km4:backup/vm/101/old',
    ])
    expect(rows.map((r) => r.querySelector('[data-verification]')?.textContent)).toEqual([
      'vérifiée',
      'vérification échouée',
      'non vérifiée',
    ])
    expect(rows[2]?.textContent).toContain('3 j')
    const usage = (node: string): string | null =>
      screen.getByTestId(`storage-node-usage-${node}`).getAttribute('data-usage-color')
    expect(usage('km4-pve1')).toBe('red')
    expect(usage('km4-pve2')).toBe('teal')
  })
})

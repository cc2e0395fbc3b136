import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import i18next from 'i18next'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { BulkPlan, BulkPlanEntry } from '../../../../shared/model/bulk'
import { initI18n } from '../../i18n'
import { BulkPreview, ROWS_PER_PAGE } from './BulkPreview'

const entry = (patch: Partial<BulkPlanEntry> & Pick<BulkPlanEntry, 'vmid' | 'name'>): BulkPlanEntry => ({
  key: `${patch.clusterId ?? 'ace'}/lxc/${patch.vmid}`,
  clusterId: 'ace',
  type: 'lxc',
  node: 'km4-pve1',
  site: 'Km4',
  run: true,
  ...patch,
})

const plan: BulkPlan = {
  planId: 'p1',
  action: { kind: 'shutdown' },
  concurrency: 4,
  entries: [
    entry({ vmid: 310, name: 'dns02', node: 'vitib-pve1', site: 'Vitib' }),
    entry({ vmid: 110, name: 'dns01' }),
    entry({ vmid: 900, name: 'tpl-debian12', run: false, skip: 'template' }),
    entry({ clusterId: 'yakro', vmid: 101, name: 'dns03', node: 'yakro-pve1', site: 'Yakro' }),
    entry({
      clusterId: 'yakro',
      vmid: 102,
      name: 'bastion-yakro',
      node: 'yakro-pve1',
      site: 'Yakro',
      run: false,
      skip: 'forbidden',
      detail: 'VM.PowerMgmt',
    }),
  ],
}

const names: Record<string, string> = { ace: 'ace-prod', yakro: 'yakro-pve1' }

describe('bulk preview', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(cleanup)

  it('groups the guests by site then cluster, as the tree, and says what is skipped and why', () => {
    render(
      <MantineProvider>
        <BulkPreview plan={plan} clusterName={(id) => names[id] ?? id} />
      </MantineProvider>,
    )
    const groups = screen.getAllByRole('region')
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual([
      'Km4 · ace-prod',
      'Vitib · ace-prod',
      'Yakro · yakro-pve1',
    ])
    expect(screen.getByRole('status').textContent).toBe('3 invités concernés, 2 ignorés')
    const km4 = within(groups[0] as HTMLElement)
    expect(km4.getByText('Modèle')).toBeTruthy()
    expect(km4.getAllByRole('row').map((r) => r.getAttribute('data-run'))).toEqual(['true', 'false'])
    // The privilege main named, in the operator's language.
    expect(within(groups[2] as HTMLElement).getByText('Droit manquant : VM.PowerMgmt')).toBeTruthy()
    expect(within(groups[1] as HTMLElement).getByText('dns02', { exact: false })).toBeTruthy()
  })

  it('renders 10,000 planned guests as a bounded number of rows, and more on demand', () => {
    const many: BulkPlan = {
      ...plan,
      entries: Array.from({ length: 10_000 }, (_, i) =>
        entry({
          vmid: 1000 + i,
          name: `g${i}`,
          site: i % 2 === 0 ? 'Km4' : 'Vitib',
          run: i % 10 !== 0,
          skip: i % 10 === 0 ? 'locked' : undefined,
        }),
      ),
    }
    render(
      <MantineProvider>
        <BulkPreview plan={many} clusterName={(id) => names[id] ?? id} />
      </MantineProvider>,
    )
    expect(screen.getByRole('status').textContent).toBe('9000 invités concernés, 1000 ignorés')
    expect(screen.getAllByRole('row')).toHaveLength(2 * ROWS_PER_PAGE)
    const km4 = within(screen.getByRole('region', { name: 'Km4 · ace-prod' }))
    fireEvent.click(km4.getByRole('button', { name: 'Afficher 200 de plus (4950 non affichés)' }))
    expect(km4.getAllByRole('row')).toHaveLength(ROWS_PER_PAGE + 200)
  })

  it('says that PVE was asked about local disks and resources, which a bulk migration does not copy live', () => {
    const migrate: BulkPlan = { ...plan, action: { kind: 'migrate', targets: { ace: 'km4-pve2' } } }
    const { rerender } = render(
      <MantineProvider>
        <BulkPreview plan={migrate} clusterName={(id) => names[id] ?? id} />
      </MantineProvider>,
    )
    expect(screen.getByTestId('bulk-migrate-local').textContent).toContain(
      'une VM qui a des disques ou des ressources locales que PVE refuserait de migrer',
    )
    rerender(
      <MantineProvider>
        <BulkPreview plan={plan} clusterName={(id) => names[id] ?? id} />
      </MantineProvider>,
    )
    expect(screen.queryByTestId('bulk-migrate-local')).toBeNull()
  })

  it('counts each group’s skipped guests per reason, most first, in French and in English', async () => {
    const skips: BulkPlan = {
      ...plan,
      entries: [
        entry({ vmid: 201, name: 'a', run: false, skip: 'forbidden', detail: 'VM.PowerMgmt' }),
        entry({ vmid: 202, name: 'b', run: false, skip: 'already' }),
        entry({ vmid: 203, name: 'c', run: false, skip: 'already' }),
        entry({ vmid: 204, name: 'd', run: false, skip: 'already' }),
        entry({ vmid: 205, name: 'e', run: false, skip: 'forbidden', detail: 'VM.PowerMgmt' }),
        entry({ vmid: 206, name: 'f', run: false, skip: 'template' }),
        entry({ vmid: 207, name: 'g' }),
        entry({ clusterId: 'yakro', vmid: 101, name: 'dns03', site: 'Yakro' }),
      ],
    }
    const view = (): string[] =>
      within(screen.getByRole('region', { name: 'Km4 · ace-prod' }))
        .getAllByRole('listitem')
        .map((i) => i.textContent)
    const { rerender } = render(
      <MantineProvider>
        <BulkPreview plan={skips} clusterName={(id) => names[id] ?? id} />
      </MantineProvider>,
    )
    expect(view()).toEqual(['3 : déjà dans cet état', '2 : droits insuffisants', '1 : modèle'])
    // A group where nothing is skipped has no counts at all.
    expect(within(screen.getByRole('region', { name: 'Yakro · yakro-pve1' })).queryByRole('list')).toBeNull()
    try {
      await act(() => i18next.changeLanguage('en'))
      rerender(
        <MantineProvider>
          <BulkPreview plan={{ ...skips }} clusterName={(id) => names[id] ?? id} />
        </MantineProvider>,
      )
      expect(view()).toEqual(['3: already in that state', '2: permission missing', '1: template'])
    } finally {
      await act(() => i18next.changeLanguage('fr'))
    }
  })
})

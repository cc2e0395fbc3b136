import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { initI18n } from '../../i18n'
import { useInventoryStore } from '../../stores/inventory-store'
import { FINGERPRINT, openedFixture, SHA256 } from './inventory-fixtures'
import { OfflineBanner } from './OfflineBanner'

const show = (patch: Parameters<typeof openedFixture>[0] = {}): HTMLElement => {
  useInventoryStore.setState({ opened: openedFixture(patch) })
  render(
    <MantineProvider>
      <OfflineBanner />
    </MantineProvider>,
  )
  return screen.getByRole('region', { name: 'Instantané d’inventaire affiché' })
}

describe('the offline banner', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(() => {
    useInventoryStore.setState({ opened: undefined })
  })
  afterEach(cleanup)

  it('is absent while the live fleet is shown', () => {
    render(
      <MantineProvider>
        <OfflineBanner />
      </MantineProvider>,
    )
    expect(screen.queryByTestId('offline-banner')).toBeNull()
  })

  it('says when (local and UTC), by whom, with which PVE Desk, who signed it, its digest and what the capture missed', () => {
    const banner = show()
    expect(banner.textContent).toContain('Instantané d’inventaire — pas le parc en direct')
    const taken = banner.querySelector('[data-fact="taken"]')?.textContent ?? ''
    expect(taken).toContain('UTC 2026-12-01 12:00')
    expect(taken).toContain(
      new Date('2026-12-01T12:00:00.000Z').toLocaleString('fr', { dateStyle: 'medium', timeStyle: 'short' }),
    )
    expect(taken).toContain('par noc@km4-admin, PVE Desk 0.9.1')
    const signature = banner.querySelector('[data-fact="signature"]')?.textContent ?? ''
    expect(signature).toContain(`Signature valide — signé par ${FINGERPRINT}`)
    expect(signature).toContain('la clé de cette installation')
    const digest = banner.querySelector('[data-fact="digest"]')
    expect(digest?.textContent).toBe(`SHA-256 ${SHA256.slice(0, 12)}…`)
    expect(digest?.getAttribute('data-sha256')).toBe(SHA256)
    expect(banner.querySelector('[data-fact="unreachable"]')?.textContent).toMatch(
      /^Injoignable à la capture : VITIB \(dernières données connues du .*, UTC 2026-11-30 08:15\)$/,
    )
    expect(within(banner).getByRole('button', { name: 'Revenir au parc en direct' })).toBeTruthy()
  })

  it('says when another key than this installation’s signed it', () => {
    const base = openedFixture()
    const banner = show({ verification: { ...base.verification, thisInstallation: false } })
    expect(banner.querySelector('[data-fact="signature"]')?.textContent).toContain(
      'une autre clé que celle de cette installation',
    )
  })

  it('lists the issues: cluster, node, path, code and message', () => {
    const banner = show()
    fireEvent.click(within(banner).getByRole('button', { name: '2 problèmes' }))
    const table = screen.getByRole('table', { name: 'Problèmes de la capture' })
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent)
    expect(rows[0]).toBe('ClusterNœudChemin d’APICodeMessage')
    // The code's meaning in French, the code itself on hover: no English in the sentence of the window.
    expect(rows).toContain(
      'VITIB—/cluster/resourcesAucun point d’accès de ce cluster ne répond.no endpoint answered',
    )
    expect(rows).toContain(
      'ACEn1/nodes/n1/subscriptionRefusé par Proxmox VE : privilège manquant.Permission check failed (/nodes/n1, Sys.Audit)',
    )
    expect(table.querySelector('[data-code="forbidden"]')?.getAttribute('title')).toBe('forbidden')
  })

  it('says the clusters the capture missed in the singular or the plural, by their count', () => {
    const one = show({ clusters: [{ clusterId: 'c1', reach: 'partial' }] })
    expect(one.querySelector('[data-fact="partial"]')?.textContent).toBe('Capturé en partie : ACE')
    cleanup()
    const two = show({
      clusters: [
        { clusterId: 'c1', reach: 'partial' },
        { clusterId: 'c2', reach: 'partial' },
      ],
    })
    expect(two.querySelector('[data-fact="partial"]')?.textContent).toBe('Capturés en partie : ACE, VITIB')
  })

  it('draws at most a thousand issues of a file that has many more, and says so', () => {
    const issue = openedFixture().issues[0]
    if (issue === undefined) throw new Error('the fixture has issues')
    const banner = show({ issues: Array.from({ length: 1500 }, () => issue) })
    fireEvent.click(within(banner).getByRole('button', { name: '1500 problèmes' }))
    const table = screen.getByRole('table', { name: 'Problèmes de la capture' })
    expect(within(table).getAllByRole('row')).toHaveLength(1001)
    expect(
      screen.getByText('Les 1000 premiers sur 1500 sont affichés ; les exports les contiennent tous.'),
    ).toBeTruthy()
  })

  it('goes back to the live fleet in one click', () => {
    const banner = show()
    fireEvent.click(within(banner).getByRole('button', { name: 'Revenir au parc en direct' }))
    expect(useInventoryStore.getState().opened).toBeUndefined()
  })
})

import { MantineProvider } from '@mantine/core'
import { cleanup, render, screen, within } from '@testing-library/react'
import i18next from 'i18next'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { initI18n } from '../../../i18n'
import { SiteCard } from './SiteCard'
import { siteFixture } from './test-sites'

beforeAll(async () => {
  await initI18n('fr-FR')
})

const NOW_MS = 1_000_120 * 1000

const show = (site = siteFixture(), wall = false): HTMLElement => {
  render(
    <MantineProvider>
      <SiteCard site={site} now={NOW_MS} wall={wall} />
    </MantineProvider>,
  )
  return screen.getByTestId('dr-site-card')
}

describe('site card', () => {
  afterEach(async () => {
    cleanup()
    await i18next.changeLanguage('fr')
  })

  it('says a healthy site in words: level, quorum and votes, nodes, HA, last contact', () => {
    const card = show()
    expect(card.getAttribute('aria-label')).toBe('Km4 : Sain')
    expect(within(card).getByTestId('dr-site-level').textContent).toBe('Sain')
    expect(card.textContent).toContain('Rien à signaler.')
    expect(within(card).getByTestId('dr-site-cluster').textContent).toBe(
      'ACE Prod · quorum atteint · 3/3 votes · Gestionnaire HA : active sur km4-pve1',
    )
    expect(within(card).getByTestId('dr-site-nodes').textContent).toBe('2/2')
    expect(within(card).getByTestId('dr-site-contact').textContent).toBe('il y a 2 min')
    expect(within(card).getByTestId('dr-site-guests').textContent).toBe('12 · 0 rouges · 1 orange')
    expect(within(card).queryByTestId('dr-site-stale')).toBeNull()
  })

  it('quorum lost and a node down: red, the problems first in sentences, the node named', () => {
    const site = siteFixture({
      level: 'red',
      problems: [
        { code: 'quorum-lost', level: 'red', params: { cluster: 'ace-prod' } },
        { code: 'node-down', level: 'red', params: { cluster: 'ace-prod', node: 'km4-pve2' } },
      ],
    })
    site.clusters = site.clusters.map((c) => ({ ...c, quorate: false, votes: 1 }))
    site.nodes = site.nodes.map((n) => (n.node === 'km4-pve2' ? { ...n, online: false } : n))
    const card = show(site)
    expect(card.getAttribute('aria-label')).toBe('Km4 : En défaut')
    expect(card.dataset.level).toBe('red')
    const problems = within(card).getByRole('list', { name: 'Problèmes' })
    expect([...problems.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Quorum perdu sur ACE Prod',
      'Nœud hors ligne : km4-pve2',
    ])
    expect(within(card).getByTestId('dr-site-cluster').textContent).toContain('quorum perdu · 1/3 votes')
    expect(within(card).getByTestId('dr-site-nodes').textContent).toBe('1/2 · hors ligne : km4-pve2')
  })

  it('storage critical: the problem with its share, the bar named with its figures and level', () => {
    const site = siteFixture({
      level: 'red',
      problems: [
        {
          code: 'storage-critical',
          level: 'red',
          params: { cluster: 'ace-prod', storage: 'local-zfs', node: 'km4-pve1', usedPercent: 98.2 },
        },
      ],
    })
    site.storage = site.storage.map((x) => ({ ...x, used: 982 * 2 ** 30, level: 'critical' as const }))
    const card = show(site)
    expect(within(card).getByRole('list', { name: 'Problèmes' }).textContent).toMatch(
      /^Stockage local-zfs critique : 98,2\s%\sutilisés$/,
    )
    const bar = within(card).getByRole('progressbar')
    expect(bar.getAttribute('aria-label')).toMatch(
      /^local-zfs \(km4-pve1\) : 982 GiB sur 1\s000 GiB \(98,2\s%\)$/,
    )
    expect(card.querySelector('.dr-storage')?.textContent).toContain('critique')
  })

  it('unreachable: the stale badge, its cluster marked stale, the contact’s age', () => {
    const site = siteFixture({
      level: 'red',
      stale: true,
      lastContact: 1_000_120 - 3 * 3600,
      problems: [{ code: 'no-contact', level: 'red', params: { cluster: 'ace-prod' } }],
    })
    site.clusters = site.clusters.map((c) => ({ ...c, reach: 'unreachable' as const }))
    const card = show(site)
    expect(within(card).getByTestId('dr-site-stale').textContent).toBe('périmé')
    expect(within(card).getByTestId('dr-site-contact').textContent).toBe('il y a 3 h')
    expect(within(card).getByRole('list', { name: 'Problèmes' }).textContent).toBe(
      'Aucun contact avec ACE Prod',
    )
    expect(within(card).getByTestId('dr-site-cluster').textContent).toMatch(/· périmé$/)
  })

  it('mixed versions, a certificate within 30 days, no subscription; an unknown code shown as it is', () => {
    const site = siteFixture({
      level: 'amber',
      problems: [{ code: 'something-new', level: 'amber', params: {} }],
      certificates: [
        {
          clusterId: 'ace-prod',
          node: 'km4-pve1',
          filename: 'pveproxy-ssl.pem',
          notAfter: 0,
          daysLeft: 12.7,
        },
      ],
    })
    site.nodes = site.nodes.map((n) =>
      n.node === 'km4-pve2' ? { ...n, version: '9.1.2', subscription: 'notfound' } : n,
    )
    const card = show(site)
    expect(within(card).getByTestId('dr-site-versions').textContent).toBe('9.1.2, 9.1.4 (mélangées)')
    expect(card.textContent).toContain('km4-pve1 · pveproxy-ssl.pem : 12 jours restants')
    expect(card.textContent).toContain('km4-pve2 : aucune')
    expect(within(card).getByRole('list', { name: 'Problèmes' }).textContent).toBe('something-new')
  })

  it('on the wall: only the storages that need a look, the others counted', () => {
    const site = siteFixture()
    site.storage = [
      ...site.storage,
      ...site.storage.map((x) => ({
        ...x,
        storage: 'pbs-yakro',
        used: 95,
        total: 100,
        level: 'warning' as const,
      })),
    ]
    const card = show(site, true)
    expect(within(card).getByTestId('dr-site-storage-ok').textContent).toBe('1 stockage sous 90 %')
    expect(within(card).getAllByRole('progressbar')).toHaveLength(1)
    expect(card.textContent).not.toContain('Souscriptions')
  })

  it('speaks English too; a hostile site name is text, not markup', async () => {
    await i18next.changeLanguage('en')
    const card = show(siteFixture({ site: '<img src=x onerror=alert(1)>' }))
    expect(card.getAttribute('aria-label')).toBe('<img src=x onerror=alert(1)>: Healthy')
    expect(card.querySelector('img')).toBeNull()
    expect(within(card).getByTestId('dr-site-contact').textContent).toBe('2 min ago')
  })
})

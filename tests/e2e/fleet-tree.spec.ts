import { expect, test } from './fixtures'

// The demo runs in French by default: the NOC's first language.

test.describe('the live fleet tree', () => {
  test('shows the three sites, both clusters, their nodes and guests', async ({ fleet }) => {
    await expect(fleet.row('Site Km4')).toBeVisible()
    await expect(fleet.row('Site VITIB')).toBeVisible()
    // ace-prod spans Km4 and VITIB, so it appears under both sites.
    await expect(fleet.row('Cluster ace-prod, en ligne')).toHaveCount(2)
    await expect(fleet.row('naorlo-web01 (VM 101), ')).toBeVisible()
    await expect(fleet.row('tpl-debian12 (VM 900), modèle')).toHaveAttribute('data-state', 'template')
    await expect(fleet.row('naorlo-report01 (VM 107), en pause')).toHaveAttribute('data-state', 'paused')
    await expect(fleet.row('naorlo-db01 (VM 105), verrouillé (backup)')).toHaveAttribute(
      'data-state',
      'locked',
    )
    // The tree is virtualized: rows below the screen are not in the page until scrolled to, as a user would.
    await expect(fleet.row('Site Yamoussoukro')).toHaveCount(0)
    await fleet.tree.evaluate((tree) => tree.scrollTo(0, tree.scrollHeight))
    await expect(fleet.row('Nœud vitib-pve1, en ligne')).toBeVisible()
    // yakro-pve1 is the DR site's standalone node.
    await expect(fleet.row('Site Yamoussoukro')).toBeVisible()
    await expect(fleet.row('Cluster yakro-pve1, en ligne')).toHaveCount(1)
    await expect(fleet.row('dns03 (Conteneur 101), en marche')).toBeVisible()
    // ace-prod has the same PBS as a storage (production's backups): Yamoussoukro's row is the tree's last one.
    await expect(fleet.tree.getByRole('treeitem', { name: /^Stockage pbs-yakro/ }).last()).toBeVisible()
    await fleet.screenshot('fleet-tree-bottom')
    await fleet.tree.evaluate((tree) => tree.scrollTo(0, 0))
    await fleet.screenshot('fleet-tree')
  })

  test('a guest stopped in the simulator turns stopped in the tree, without reload', async ({
    fleet,
    app,
  }) => {
    const row = fleet.row('naorlo-app01 (VM 103)')
    await app.simulate('/clusters/ace-prod/guests/103/status', { status: 'running' })
    await expect(row).toHaveAttribute('data-state', 'running')
    await row.click()
    await expect(fleet.page.getByRole('main').getByText('en marche')).toBeVisible()
    // root@pam may do everything: the rights read from PVE say so.
    await expect(fleet.page.locator('[data-right="power"]')).toHaveAttribute('data-allowed', 'true')
    await expect(fleet.page.locator('[data-right="config"]')).toHaveAttribute('data-allowed', 'true')
    await app.simulate('/clusters/ace-prod/guests/103/status', { status: 'stopped' })
    await expect(row).toHaveAttribute('data-state', 'stopped')
    await expect(row).toHaveAccessibleName('naorlo-app01 (VM 103), arrêté')
    await expect(fleet.page.getByRole('main').getByText('arrêté')).toBeVisible()
    await fleet.screenshot('guest-stopped')
    await app.simulate('/clusters/ace-prod/guests/103/status', { status: 'running' })
    await expect(row).toHaveAttribute('data-state', 'running')
  })

  test('an unreachable site keeps its last-known guests, marked stale, while the others stay live', async ({
    fleet,
    app,
  }) => {
    await app.simulate('/nodes/yakro-pve1/stop')
    await fleet.row('Site Km4').click()
    await fleet.page.keyboard.press('ArrowLeft')
    try {
      await expect(fleet.row(/^Cluster yakro-pve1, injoignable, périmé/)).toBeVisible()
      await expect(fleet.row('pbs-yakro (VM 100), en marche, périmé')).toBeVisible()
      await expect(fleet.row('Cluster ace-prod, en ligne').first()).toBeVisible()
      await fleet.row(/^Cluster yakro-pve1/).click()
      await expect(fleet.page.getByText('Aucun point d’accès de ce cluster ne répond.')).toBeVisible()
      await fleet.screenshot('site-unreachable')
    } finally {
      await app.simulate('/nodes/yakro-pve1/start')
    }
    await fleet.page.getByRole('button', { name: 'Réessayer' }).click()
    await expect(fleet.row('Cluster yakro-pve1, en ligne')).toBeVisible()
  })

  test('is a keyboard-operable WAI-ARIA tree', async ({ fleet }) => {
    await fleet.tree.focus()
    await fleet.page.keyboard.press('Home')
    await expect(fleet.row('Site Km4')).toHaveAttribute('aria-selected', 'true')
    await fleet.page.keyboard.press('ArrowDown')
    const cluster = fleet.row('Cluster ace-prod').first()
    await expect(cluster).toHaveAttribute('aria-selected', 'true')
    await expect(cluster).toHaveAttribute('aria-level', '2')
    await fleet.page.keyboard.press('ArrowLeft')
    await expect(cluster).toHaveAttribute('aria-expanded', 'false')
    await expect(fleet.row('Nœud km4-pve1')).toHaveCount(0)
    await fleet.page.keyboard.press('ArrowRight')
    await expect(cluster).toHaveAttribute('aria-expanded', 'true')
    await fleet.page.keyboard.press('ArrowRight')
    await expect(fleet.row('Nœud km4-pve1')).toHaveAttribute('aria-selected', 'true')
    await expect(fleet.tree).toHaveAttribute('aria-activedescendant', /km4-pve1/)
  })

  test('search narrows the tree to matching guests', async ({ fleet }) => {
    await fleet.search('replica')
    await expect(fleet.tree.locator('[data-kind="guest"]')).toHaveCount(3)
    await expect(fleet.row('Site Km4')).toHaveCount(0)
    await fleet.search('zzz-nothing')
    // The tree's own status line (the inventory snapshot announcer is another, empty, live region).
    await expect(fleet.page.getByRole('status').filter({ hasText: /\S/ })).toHaveText(
      'Rien ne correspond à « zzz-nothing ».',
    )
  })
})

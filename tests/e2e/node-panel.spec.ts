import { expect, test } from './fixtures'
import { LookPage } from './pages/look-page'
import { NodePanelPage } from './pages/node-panel-page'

// Read-only panels: nothing here changes the simulator; the dark-theme look puts the theme back in a `finally`.

test.describe('node, cluster and storage panels', () => {
  test('a node’s summary, then its network as bridge ← bond ← ports with the VLANs', async ({ fleet }) => {
    const panel = new NodePanelPage(fleet.page)
    await fleet.row('Nœud km4-pve1').click()
    await expect(panel.panel).toBeVisible()
    await expect(fleet.page.getByTestId('node-subscription')).toHaveText('Actif')
    await expect(fleet.page.getByTestId('node-chart-cpu')).toBeVisible()
    await fleet.screenshot('node-panel-summary')
    await panel.openTab('Réseau')
    await expect(panel.iface('vmbr0')).toHaveAttribute('data-depth', '0')
    await expect(panel.iface('bond0')).toHaveAttribute('data-depth', '1')
    await expect(panel.iface('eno1')).toHaveAttribute('data-depth', '2')
    await expect(panel.iface('eno2')).toHaveAttribute('data-depth', '2')
    await expect(panel.iface('vmbr0.30')).toHaveAttribute('data-parent-via', 'vlan')
    await expect(panel.iface('bond0.20')).toHaveAttribute('data-parent-via', 'vlan')
    await expect(panel.iface('bond0')).toContainText('802.3ad')
    await expect(panel.iface('vmbr0')).toContainText('10.10.0.11/24')
    await fleet.screenshot('node-panel-network')
    await panel.openTab('Stockage')
    await expect(fleet.page.getByTestId('storage-usage-local-lvm')).toBeVisible()
    await fleet.screenshot('node-panel-storage')
    await panel.openTab('Disques')
    // km4-pve1's sdb reports 12 % of life left: 88 % used, in red.
    await expect(fleet.page.locator('[data-disk="/dev/sdb"]')).toContainText(/88\s%\sutilisé/)
    await fleet.screenshot('node-panel-disks')
    await panel.openTab('Résumé')
  })

  test('in the dark theme, the summary’s charts and the network stay legible', async ({ fleet }) => {
    const look = new LookPage(fleet.page)
    const panel = new NodePanelPage(fleet.page)
    try {
      await fleet.row('Nœud km4-pve1').click()
      await look.choose('theme', 'dark')
      await expect(fleet.page.getByTestId('node-chart-memory')).toBeVisible()
      await fleet.page.getByTestId('node-chart-network').scrollIntoViewIfNeeded()
      await fleet.screenshot('node-panel-summary-dark')
      await panel.openTab('Réseau')
      await expect(panel.iface('vmbr0')).toBeVisible()
      await fleet.screenshot('node-panel-network-dark')
      await panel.openTab('Résumé')
    } finally {
      await look.choose('theme', 'system')
    }
  })

  test('the certificate that expires soon shows as such', async ({ fleet }) => {
    const panel = new NodePanelPage(fleet.page)
    await fleet.tree.evaluate((tree) => tree.scrollTo(0, tree.scrollHeight))
    await fleet.row('Nœud vitib-pve1').click()
    await panel.openTab('Certificats')
    const soon = panel.certificate('pve-ssl.pem')
    await expect(soon).toHaveAttribute('data-expiry', 'warning')
    await expect(soon).toContainText(/expire dans 2\d jours/)
    await fleet.screenshot('node-panel-certificates')
  })

  test('the syslog opens on its tail and pages back', async ({ fleet }) => {
    const panel = new NodePanelPage(fleet.page)
    await fleet.row('Nœud km4-pve1').click()
    await panel.openTab('Journal')
    await expect(panel.syslogRange).toHaveText(/^lignes \d+–(\d+) sur \1$/)
    const tail = (await panel.syslogRange.textContent()) ?? ''
    await expect(panel.syslogButton('Suivant')).toBeDisabled()
    await expect(panel.syslogLines).toContainText('pve')
    await fleet.screenshot('node-panel-syslog')
    await panel.syslogButton('Précédent').click()
    await expect(panel.syslogRange).not.toHaveText(tail)
    await expect(panel.syslogButton('Suivant')).toBeEnabled()
    await panel.syslogButton('Fin').click()
    await expect(panel.syslogRange).toHaveText(/^lignes \d+–(\d+) sur \1$/)
    await panel.openTab('Résumé')
  })

  test('the cluster panel: quorum, nodes with their versions, HA', async ({ fleet }) => {
    const panel = new NodePanelPage(fleet.page)
    await fleet.row('Cluster ace-prod').first().click()
    await expect(panel.cluster.getByTestId('cluster-quorum')).toHaveText('Quorum atteint')
    await expect(panel.cluster.locator('[data-node="km4-pve1"]')).toContainText('9.1')
    await expect(panel.cluster.locator('[data-node="vitib-pve1"]')).toContainText('en ligne')
    // vitib-pve1 lags behind the Km4 nodes (the simulator's three-sites scenario).
    await expect(panel.cluster.getByTestId('cluster-mixed-versions')).toHaveText(
      /^Versions mêlées : 9\.1\.\d+ sur km4-pve1, km4-pve2 ; 9\.1\.\d+ sur vitib-pve1$/,
    )
    await fleet.screenshot('cluster-panel')
  })

  test('the storage panel: usage per node and content', async ({ fleet }) => {
    const panel = new NodePanelPage(fleet.page)
    await fleet.tree.evaluate((tree) => tree.scrollTo(0, tree.scrollHeight))
    // ace-prod has the same PBS as a storage (production's backups): Yamoussoukro's row is the tree's last one.
    await fleet.tree
      .getByRole('treeitem', { name: /^Stockage pbs-yakro/ })
      .last()
      .click()
    await expect(panel.storage.getByTestId('storage-per-node')).toContainText('yakro-pve1')
    await expect(panel.storage.getByTestId('storage-content')).toBeVisible()
    await fleet.screenshot('storage-panel')
  })
})

import type { DemoApp } from './fixtures'
import { expect, test } from './fixtures'
import type { FleetPage } from './pages/fleet-page'
import { FRENCH, InventoryPage } from './pages/inventory-page'

/** Every node of the simulator stopped: the live fleet cannot be read, only the inventory snapshot can. */
async function stopAllNodes(app: DemoApp): Promise<string[]> {
  const nodes = app.simulator.flatMap((c) => c.endpoints.map((e) => e.node))
  for (const node of nodes) await app.simulate(`/nodes/${node}/stop`)
  return nodes
}

async function startNodes(app: DemoApp, nodes: string[]): Promise<void> {
  for (const node of nodes) await app.simulate(`/nodes/${node}/start`)
}

test.describe('browsing an inventory snapshot offline', () => {
  test('opens a snapshot with the simulator stopped, browses it under the banner and goes back to live', async ({
    app,
    fleet,
  }) => {
    test.setTimeout(90_000)
    const inventory = new InventoryPage(fleet.page, FRENCH)
    const file = await inventory.capture()
    expect(file.name).toMatch(/^pvedesk-inventory-\d{8}-\d{6}Z\.zip$/)

    const nodes = await stopAllNodes(app)
    try {
      // The live fleet notices: its clusters go unreachable.
      await expect(fleet.row(/^Cluster ace-prod, injoignable/).first()).toBeVisible({ timeout: 30_000 })
      await fleet
        .row(/^Cluster ace-prod/)
        .first()
        .click()

      await inventory.openFile(file.name)
      await expect(inventory.banner).toContainText('Instantané d’inventaire — pas le parc en direct')
      await expect(inventory.banner).toContainText('Signature valide — signé par SHA256:')
      await expect(inventory.banner).toContainText('la clé de cette installation')
      await expect(fleet.page.getByTestId('offline-tree-label')).toBeVisible()
      await expect(fleet.row(/^Cluster ace-prod, capturé/).first()).toBeVisible()
      await fleet.screenshot('inventory-offline-tree')

      // A guest's captured configuration, read-only: its consoles say why they are off.
      await fleet.guest('naorlo-web01', 101).click()
      const captured = fleet.page.getByTestId('captured-details')
      await expect(captured).toHaveAttribute('data-state', 'ready')
      const config = captured.getByRole('table', { name: 'Configuration' })
      await expect(config.locator('[data-key="cores"]')).toBeVisible()
      await expect(fleet.page.getByTestId('console-reason')).toHaveText(/rien ici n’agit sur un cluster/)
      await fleet.screenshot('inventory-offline-guest')
      await captured.scrollIntoViewIfNeeded()
      await fleet.screenshot('inventory-offline-guest-config')

      // A node's captured versions, subscription, certificates with their expiry, network, DNS and time.
      await fleet.row(/^Nœud km4-pve1/).click()
      await expect(captured).toHaveAttribute('data-state', 'ready')
      await expect(captured.getByRole('region', { name: 'Certificats' })).toBeVisible()
      await captured.scrollIntoViewIfNeeded()
      await fleet.screenshot('inventory-offline-node')

      await inventory.banner.getByRole('button', { name: /problème/ }).click()
      await fleet.screenshot('inventory-offline-issues')
      await fleet.page
        .getByRole('dialog', { name: 'Problèmes de la capture' })
        .getByRole('button', { name: 'Fermer' })
        .click()

      await inventory.openPanel()
      await expect(inventory.panel.getByRole('button', { name: 'Ouvrir un fichier…' })).toBeInViewport({
        ratio: 1,
      })
      await fleet.screenshot('inventory-files-panel')
      await fleet.page.keyboard.press('Escape')
      await expect(inventory.panel).toBeHidden()

      await inventory.backToLive()
      // The live tree, still without an answer, with the live selection as it was.
      await expect(fleet.row(/^Cluster ace-prod, injoignable/).first()).toBeVisible()
      await expect(fleet.row(/^Cluster ace-prod/).first()).toHaveAttribute('aria-selected', 'true')
      await expect(fleet.page.getByTestId('offline-tree-label')).toBeHidden()
    } finally {
      await startNodes(app, nodes)
    }
    await expect(fleet.row(/^Cluster ace-prod, en ligne/).first()).toBeVisible({ timeout: 30_000 })
  })

  test('a file that is not an inventory snapshot, dropped onto the window, says why and opens nothing', async ({
    fleet,
  }) => {
    const inventory = new InventoryPage(fleet.page, FRENCH)
    await dropFile(fleet, 'notes.zip', 'not a zip at all')
    const alert = inventory.panel.getByRole('alert')
    await expect(alert).toContainText('notes.zip n’a pas été ouvert')
    await expect(alert).toContainText('Le fichier n’est pas une archive ZIP.')
    await expect(inventory.banner).toBeHidden()
    await expect(alert).toBeInViewport({ ratio: 1 })
    await fleet.screenshot('inventory-refused-file')
  })
})

/** Drops a file made of `text` onto the window, as a file manager would. */
async function dropFile(fleet: FleetPage, name: string, text: string): Promise<void> {
  const transfer = await fleet.page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer()
      data.items.add(new File([content], fileName, { type: 'application/zip' }))
      return data
    },
    [name, text] as const,
  )
  const target = fleet.page.locator('main[data-ready]')
  await target.dispatchEvent('dragenter', { dataTransfer: transfer })
  await expect(fleet.page.getByTestId('drop-overlay')).toBeVisible()
  await fleet.screenshot('inventory-drop-overlay')
  await target.dispatchEvent('drop', { dataTransfer: transfer })
}

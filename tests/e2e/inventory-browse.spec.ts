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

/** The live tree's rows as the user sees them: which are open and which is selected. */
async function treeState(fleet: FleetPage): Promise<{ expanded: string[]; selected: string[] }> {
  const labels = (selector: string): Promise<string[]> =>
    fleet.page
      .locator(`[role="tree"] [role="treeitem"]${selector}`)
      .evaluateAll((rows) => rows.map((r) => (r.getAttribute('aria-label') ?? '').split(',')[0] ?? ''))
  return {
    expanded: await labels('[aria-expanded="true"]'),
    selected: await labels('[aria-selected="true"]'),
  }
}

/** The console sessions the simulator holds: none may be opened from an inventory snapshot. */
async function simulatorConsoles(app: DemoApp): Promise<unknown[]> {
  const res = await fetch(`${app.control}/consoles`)
  return ((await res.json()) as { consoles: unknown[] }).consoles
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
      const live = await treeState(fleet)
      const consolesBefore = await simulatorConsoles(app)

      await inventory.openFile(file.name)
      // The tree says whose fleet it is, for a screen reader as for the eye.
      await expect(fleet.page.getByRole('tree')).toHaveAttribute(
        'aria-label',
        /^Instantané d’inventaire du .* — lecture seule$/,
      )
      await expect(fleet.page.getByTestId('offline-announcer')).toHaveText(
        /^Instantané d’inventaire du .* affiché, en lecture seule$/,
      )
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
      // The console keys on the snapshot's guest open nothing.
      await fleet.page.getByRole('tree').focus()
      for (const key of ['Enter', 'Shift+Enter', 'Control+Enter', 'ContextMenu'])
        await fleet.page.keyboard.press(key)
      await fleet.page.keyboard.press('Escape')
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

      // Every node was stopped the whole time (nothing of the snapshot reached a cluster), and no console was
      // opened on the simulator (its control API keeps no request log of its own to compare).
      const health = (await (await fetch(`${app.control}/health`)).json()) as {
        nodes: Record<string, string>
      }
      for (const node of nodes) expect(health.nodes[node]).toBe('stopped')
      expect(await simulatorConsoles(app)).toEqual(consolesBefore)

      await inventory.backToLive()
      // The live tree, still without an answer, with the live selection and open rows as they were, and the focus.
      await expect(fleet.row(/^Cluster ace-prod, injoignable/).first()).toBeVisible()
      await expect(fleet.row(/^Cluster ace-prod/).first()).toHaveAttribute('aria-selected', 'true')
      await expect(fleet.page.getByTestId('offline-tree-label')).toBeHidden()
      await expect(fleet.page.getByRole('tree')).toBeFocused()
      await expect(fleet.page.getByRole('tree')).toHaveAttribute('aria-label', /^Parc/)
      expect(await treeState(fleet)).toEqual(live)
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
    // In French only: main's English words wait folded under "Détail technique".
    await expect(alert.getByTestId('inventory-error-meaning')).toHaveText(
      'Le fichier n’est pas une archive ZIP.',
    )
    const technical = alert.getByTestId('inventory-error-technical')
    await expect(technical.locator('summary')).toHaveText('Détail technique')
    await expect(technical.locator('pre')).toBeHidden()
    await expect(inventory.banner).toBeHidden()
    await expect(alert).toBeInViewport({ ratio: 1 })
    await fleet.screenshot('inventory-refused-file')
    await technical.locator('summary').click()
    await expect(technical.locator('pre')).toBeVisible()
    await fleet.screenshot('inventory-refused-file-detail')
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

import { expect, test } from './fixtures'
import { DrPage } from './pages/dr-page'
import { FRENCH, InventoryPage } from './pages/inventory-page'

// The DR view of an inventory snapshot, offline. It changes nothing in the demo: the capture adds one file to the
// demo's inventory folder (as the inventory specs' captures do), the snapshot is closed in a `finally`, and the
// main area is given back to the details. Only what the scenario keeps stable is asserted: naorlo-db02 (106) red,
// its replica never synced; the test copies 201–203 red, without a backup.

test('an inventory snapshot’s DR view: its matrix, date and targets under a banner, nothing live; closed, the live view is back', async ({
  fleet,
  page,
}) => {
  test.setTimeout(120_000)
  const dr = new DrPage(page)
  const inventory = new InventoryPage(page, FRENCH)
  const banner = page.getByTestId('dr-offline-banner')
  const file = await inventory.capture()
  await inventory.openFile(file.name)
  try {
    await dr.open()
    await expect(banner).toBeVisible()
    await expect(banner).toContainText(/^Instantané d’inventaire du \d{2}\/\d{2}\/\d{4}/)
    await expect(banner).toContainText('tel qu’il était à la capture')
    await expect(banner).toContainText('Rien ici ne lit un cluster ni n’agit dessus.')
    // The targets in force at capture: the demo's (the seed's plan), whatever the settings say later.
    await expect(page.getByTestId('dr-offline-targets')).toContainText(
      'Objectifs à la capture : tag:prod réplica ≤ 30 min, sauvegarde ≤ 1 j',
    )
    // Nothing here reads or changes a cluster.
    await expect(page.getByTestId('dr-refresh')).toHaveCount(0)
    await expect(page.getByTestId('dr-targets')).toHaveCount(0)
    await expect(page.getByTestId('dr-counts')).toContainText(/\d+ rouge\(s\)/)

    const db02 = dr.row('naorlo-db02', 106)
    await expect(db02.locator('[data-level]').first()).toHaveText('Rouge')
    await expect(db02).toContainText('Réplica jamais synchronisé (objectif 30 min)')
    for (const [name, vmid] of [
      ['naorlo-web01-test', 201],
      ['naorlo-app01-test', 202],
      ['naorlo-db01-test', 203],
    ] as const) {
      const row = dr.row(name, vmid)
      await expect(row.locator('[data-level]').first()).toHaveText('Rouge')
      await expect(row).toContainText('Aucune sauvegarde sur aucun stockage (objectif 7 j)')
    }
    await fleet.screenshot('dr-offline-matrix')

    // The search syntax filters the snapshot's rows as it does the live ones.
    await dr.search('tag:test')
    await expect(dr.row('naorlo-db01-test', 203)).toBeVisible()
    await expect(db02).toHaveCount(0)
    await dr.search('vmid:106')
    await expect(db02).toBeVisible()
    await expect(dr.row('naorlo-db01-test', 203)).toHaveCount(0)
    await fleet.screenshot('dr-offline-search')
    await dr.search('')

    // The snapshot's sites, as they were.
    await dr.view.getByRole('radiogroup').getByText('Sites', { exact: true }).click()
    const cards = page.getByTestId('dr-site-card')
    for (const site of ['Km4', 'VITIB', 'Yamoussoukro'])
      await expect(cards.filter({ hasText: site }).first()).toBeVisible()
    await expect(banner).toBeVisible()
    await fleet.screenshot('dr-offline-sites')
    await dr.view.getByRole('radiogroup').getByText('Invités', { exact: true }).click()
  } finally {
    await inventory.backToLive()
  }
  // The live DR view is back: its own report, « Actualiser » and « Objectifs », no banner.
  await expect(dr.view).toBeVisible()
  await expect(banner).toHaveCount(0)
  await expect(page.getByTestId('dr-refresh')).toBeVisible()
  await expect(page.getByTestId('dr-targets')).toBeVisible()
  await dr.refresh()
  await expect(dr.row('naorlo-db02', 106)).toBeVisible()
  await fleet.screenshot('dr-offline-back-to-live')
  await page.getByTestId('dr-button').click()
  await expect(dr.view).toBeHidden()
})

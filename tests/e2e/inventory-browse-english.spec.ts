import { expect, test } from './fixtures'
import { ENGLISH, InventoryPage } from './pages/inventory-page'

test.use({ hostLocale: 'en-US' })

test.describe('in English', () => {
  test('the banner, the captured configuration and the files panel speak English', async ({ fleet }) => {
    test.setTimeout(60_000)
    const inventory = new InventoryPage(fleet.page, ENGLISH)
    const file = await inventory.capture()
    await inventory.openFile(file.name)
    await expect(inventory.banner).toContainText('Inventory snapshot — not the live fleet')
    await expect(inventory.banner).toContainText('this installation’s key')
    await expect(fleet.page.getByRole('tree')).toHaveAttribute(
      'aria-label',
      /^Inventory snapshot of .* — read-only$/,
    )
    await expect(fleet.row(/^Cluster ace-prod, (captured|partly captured)/).first()).toBeVisible()
    await fleet.guest('naorlo-web01', 101).click()
    await expect(fleet.page.getByTestId('captured-details')).toHaveAttribute('data-state', 'ready')
    await fleet.screenshot('inventory-offline-guest-en')
    await fleet.page.getByTestId('captured-details').scrollIntoViewIfNeeded()
    await fleet.screenshot('inventory-offline-guest-config-en')
    // The panel's key, from anywhere in the window.
    await fleet.page.keyboard.press('Control+Shift+O')
    await expect(inventory.panel.getByRole('button', { name: 'Open a file…' })).toBeInViewport({ ratio: 1 })
    await fleet.screenshot('inventory-files-panel-en')
    await fleet.page.keyboard.press('Escape')
    await inventory.backToLive()
    await expect(fleet.row(/^Cluster ace-prod, online/).first()).toBeVisible()
  })
})

import { expect, test } from './fixtures'
import { InventoryToolsPage } from './pages/inventory-tools-page'

// The inventory snapshot tools for an English-speaking system (the French story is in inventory-audit.spec.ts).
test.use({ hostLocale: 'en-US' })

test.describe('inventory snapshots in English', () => {
  test('takes an inventory snapshot and compares two with nothing between them', async ({ fleet, page }) => {
    const tools = new InventoryToolsPage(fleet.page, 'Take an inventory snapshot')
    await tools.captureButton.click()
    await expect(page.getByTestId('capture-end')).toHaveAttribute('data-outcome', 'written', {
      timeout: 30_000,
    })
    await expect(page.getByTestId('capture-summary')).toHaveText(/^2 clusters · \d+ nodes · \d+ guests · /)
    await tools.screenshot('inventory-capture-written-en')
    await tools.dialog.getByRole('button', { name: 'Close', exact: true }).last().click()
    await tools.captureButton.click()
    await expect(page.getByTestId('capture-end')).toHaveAttribute('data-outcome', 'written', {
      timeout: 30_000,
    })
    await tools.dialog.getByRole('button', { name: 'Close', exact: true }).last().click()
    await page.getByRole('button', { name: 'Inventory snapshots' }).click()
    await page.getByRole('button', { name: 'Compare…' }).click()
    await expect(page.getByTestId('diff-empty')).toContainText(
      'No difference: both inventory snapshots describe the same fleet.',
    )
    await tools.screenshot('inventory-diff-empty-en')
  })
})

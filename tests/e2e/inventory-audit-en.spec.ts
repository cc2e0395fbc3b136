import { expect, test } from './fixtures'
import { InventoryToolsPage } from './pages/inventory-tools-page'

// The inventory snapshot tools for an English-speaking system (the French story is in inventory-audit.spec.ts).
test.use({ hostLocale: 'en-US' })

test.describe('inventory snapshots in English', () => {
  test('takes an inventory snapshot and compares two with nothing between them', async ({
    fleet,
    app,
    page,
  }) => {
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
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)

    // A capture whose dialog was closed ends as a toast: yakro-pve1 hangs, then stops, which ends its calls.
    await app.simulate('/faults', { node: 'yakro-pve1', hang: true })
    try {
      await tools.captureButton.click()
      await expect(page.getByTestId('capture-progress')).toBeVisible()
      await tools.dialog.getByRole('button', { name: 'Close', exact: true }).last().click()
      await expect(tools.progressButton).toBeVisible()
      await app.simulate('/nodes/yakro-pve1/stop')
      const toast = page.getByTestId('capture-toasts')
      await expect(toast).toContainText('Inventory snapshot written', { timeout: 30_000 })
      await expect(toast).toContainText(/ · \d+ issues/)
      await tools.screenshot('inventory-capture-toast-en')
      await toast.getByRole('button', { name: 'Dismiss' }).click()
      await expect(toast).toHaveCount(0)
    } finally {
      await app.simulate('/faults', { node: 'yakro-pve1', hang: false })
      await app.simulate('/nodes/yakro-pve1/start')
    }
  })
})

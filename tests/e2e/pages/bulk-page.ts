import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

/** Bulk actions as a user sees them (French UI): picked rows, the summary, the bulk dialog. */
export class BulkPage {
  readonly tree: Locator
  readonly summary: Locator
  readonly dialog: Locator
  readonly preview: Locator
  readonly results: Locator

  constructor(readonly page: Page) {
    this.tree = page.getByRole('tree')
    this.summary = page.getByTestId('bulk-summary')
    this.dialog = page.getByRole('dialog')
    this.preview = this.dialog.getByTestId('bulk-preview')
    this.results = this.dialog.getByTestId('bulk-results')
  }

  /** The tree's selected rows (aria-selected), by the start of their accessible names: `dns01 (Conteneur 110)`. */
  async selectedNames(): Promise<string[]> {
    const rows = this.tree.locator('[role="treeitem"][aria-selected="true"]')
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
    return labels.map((label) => label.split(',')[0] ?? label).sort()
  }

  async selectAllResults(count: number): Promise<void> {
    await this.page.getByRole('button', { name: `Sélectionner les ${count} résultats` }).click()
  }

  /** Opens the bulk dialog from the details pane's summary. */
  async choose(action: string): Promise<void> {
    await this.summary.getByRole('toolbar').getByRole('button', { name: action, exact: true }).click()
    await expect(this.dialog).toBeVisible()
  }

  /** A preview group (`Km4 · ace-prod`) and its rows. */
  group(label: string): Locator {
    return this.preview.getByRole('region', { name: label })
  }

  resultGroup(label: string): Locator {
    return this.results.getByRole('region', { name: label })
  }
}

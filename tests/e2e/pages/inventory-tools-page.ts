import type { Locator, Page } from '@playwright/test'

import { expect } from '../fixtures'

/**
 * The inventory snapshot tools as a user sees them (French, the demo's language): the header's Take an inventory
 * snapshot with its progress dialog, the files panel's Compare…, the offline banner's Export.
 */
export class InventoryToolsPage {
  readonly captureButton: Locator
  readonly progressButton: Locator
  readonly dialog: Locator

  constructor(
    readonly page: Page,
    captureLabel = 'Prendre un instantané d’inventaire',
  ) {
    this.captureButton = page.getByRole('button', { name: captureLabel })
    this.progressButton = page.getByTestId('capture-progress-button')
    this.dialog = page.getByRole('dialog')
  }

  /** Starts a capture and waits for the progress dialog. */
  async startCapture(): Promise<Locator> {
    await this.captureButton.click()
    const progress = this.page.getByTestId('capture-progress')
    await expect(progress).toBeVisible()
    return progress
  }

  /** Waits for the capture's end in its dialog; answers the file's name. */
  async waitWritten(): Promise<string> {
    const end = this.page.getByTestId('capture-end')
    await expect(end).toHaveAttribute('data-outcome', 'written', { timeout: 30_000 })
    return (await this.page.getByTestId('capture-file').textContent()) ?? ''
  }

  /**
   * Takes an inventory snapshot from start to end (a screenshot of its end when `screenshot` names one), and
   * closes its dialog; answers the file's name.
   */
  async takeSnapshotShowing(screenshot?: string): Promise<string> {
    // A healthy small fleet can be captured before the progress shows: the end alone is what counts here.
    await this.captureButton.click()
    const name = await this.waitWritten()
    await expect(this.page.getByTestId('capture-summary')).toHaveText(/clusters · \d+ nœuds · \d+ invités/)
    if (screenshot !== undefined) await this.screenshot(screenshot)
    await this.dialog.getByRole('button', { name: 'Fermer', exact: true }).last().click()
    await expect(this.page.getByTestId('capture-end')).toHaveCount(0)
    return name
  }

  /** The diff dialog's rows (after the comparison answered). */
  diffRows(): Locator {
    return this.page.getByTestId('diff-rows').getByRole('row')
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/${name}.png` })
  }
}

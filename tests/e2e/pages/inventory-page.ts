import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

import type { PveDeskApi } from '../../../src/shared/ipc/api'
import type { InventoryFileEntry } from '../../../src/shared/ipc/domains/inventory'

/** Inventory snapshots as a user meets them: the header button, the files panel, the offline banner. */
export class InventoryPage {
  readonly banner: Locator
  readonly panel: Locator

  constructor(
    readonly page: Page,
    private readonly words: { button: string; panel: string; banner: string; back: string },
  ) {
    this.banner = page.getByRole('region', { name: words.banner })
    this.panel = page.getByRole('dialog', { name: words.panel })
  }

  /** Takes an inventory snapshot through the page's own bridge (the capture button is the tools lane's test). */
  async capture(): Promise<InventoryFileEntry> {
    return this.page.evaluate(
      () =>
        new Promise<InventoryFileEntry>((resolve, reject) => {
          const api = (window as unknown as { pveDesk?: PveDeskApi }).pveDesk
          if (api === undefined) {
            reject(new Error('no bridge'))
            return
          }
          const stop = api.onInventoryCaptured((finished) => {
            stop()
            if (finished.ok) resolve(finished.file)
            else reject(new Error(`${finished.error.code}: ${finished.error.message}`))
          })
          void api.inventoryCapture({}).then((started) => {
            if (!started.ok) {
              stop()
              reject(new Error(`${started.error.code}: ${started.error.message}`))
            }
          })
        }),
    )
  }

  async openPanel(): Promise<void> {
    await this.page.getByRole('button', { name: this.words.button }).click()
    await expect(this.panel).toBeVisible()
  }

  /** Opens a file from the panel and waits until its banner shows. */
  async openFile(name: string): Promise<void> {
    await this.openPanel()
    await this.panel.locator(`[data-file="${name}"]`).click()
    await expect(this.banner).toBeVisible({ timeout: 20_000 })
  }

  async backToLive(): Promise<void> {
    await this.banner.getByRole('button', { name: this.words.back }).click()
    await expect(this.banner).toBeHidden()
  }
}

export const FRENCH = {
  button: 'Instantanés d’inventaire',
  panel: 'Instantanés d’inventaire',
  banner: 'Instantané d’inventaire affiché',
  back: 'Revenir au parc en direct',
}

export const ENGLISH = {
  button: 'Inventory snapshots',
  panel: 'Inventory snapshots',
  banner: 'Inventory snapshot shown',
  back: 'Back to the live fleet',
}

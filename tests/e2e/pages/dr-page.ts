import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

/** The DR view (« PRA »): the header button, the guests' matrix, Refresh, the targets editor. */
export class DrPage {
  readonly view: Locator
  readonly matrix: Locator

  constructor(readonly page: Page) {
    this.view = page.getByTestId('dr-view')
    this.matrix = page.getByRole('table', { name: /Matrice PRA|DR matrix/ })
  }

  async open(): Promise<void> {
    if (!(await this.view.isVisible())) await this.page.getByTestId('dr-button').click()
    await expect(this.view).toBeVisible()
    await expect(this.matrix).toBeVisible()
  }

  /** A matrix row by the guest's name and vmid, as its accessible name starts: `naorlo-web01 (101)`. */
  row(name: string, vmid: number): Locator {
    return this.matrix.getByRole('row', { name: new RegExp(`^${escape(`${name} (${vmid})`)} · `) })
  }

  async refresh(): Promise<void> {
    const button = this.page.getByTestId('dr-refresh')
    await button.click()
    await expect(button).not.toHaveAttribute('aria-busy', 'true', { timeout: 30_000 })
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('dr-search').fill(text)
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

/** The DR view's « Sites » segment as a user sees it (French UI): the site cards, the wall, the DR toasts. */
export class DrSitesPage {
  readonly button: Locator
  readonly view: Locator
  readonly cards: Locator
  readonly wall: Locator
  readonly toasts: Locator
  readonly history: Locator

  constructor(readonly page: Page) {
    this.button = page.getByTestId('dr-button')
    this.view = page.getByTestId('dr-view')
    this.cards = page.getByTestId('dr-site-card')
    this.wall = page.getByTestId('dr-wall')
    this.toasts = page.getByTestId('dr-toast')
    this.history = page.getByRole('dialog', { name: 'Historique des alertes PRA' })
  }

  /**
   * Opens the DR view (the header's « PRA »), then its « Sites » segment, and reads the clusters again now (main
   * reads them once a minute; its first read may precede the demo's connections).
   */
  async open(): Promise<void> {
    if ((await this.button.getAttribute('aria-pressed')) !== 'true') await this.button.click()
    await expect(this.view).toBeVisible()
    await this.view.getByRole('radiogroup').getByText('Sites', { exact: true }).click()
    await expect(this.page.getByTestId('dr-sites')).toBeVisible()
    await this.refresh()
    await expect(this.cards.first()).toBeVisible()
  }

  /** Back to the details pane, as every other spec expects the main area (the wall left first). */
  async close(): Promise<void> {
    if (await this.wall.isVisible()) await this.page.keyboard.press('Escape')
    await expect(this.wall).toBeHidden()
    if ((await this.button.getAttribute('aria-pressed')) === 'true') await this.button.click()
    await expect(this.view).toBeHidden()
  }

  card(site: string): Locator {
    return this.cards.and(this.page.locator(`[data-site="${site}"]`))
  }

  /** Closes every DR toast still shown (other specs expect the toast stack as they found it). */
  async dismissToasts(): Promise<void> {
    // One at a time: a cleared toast may go by itself meanwhile.
    for (let i = 0; i < 50 && (await this.toasts.count()) > 0; i++) {
      await this.toasts
        .first()
        .getByRole('button', { name: 'Fermer' })
        .click({ timeout: 2_000 })
        .catch(() => undefined)
    }
    await expect(this.toasts).toHaveCount(0)
  }

  /** « Actualiser »: main reads every cluster again now instead of in its next minute. */
  async refresh(): Promise<void> {
    const refresh = this.page.getByTestId('dr-refresh')
    await refresh.click()
    await expect(refresh).not.toHaveAttribute('aria-busy', 'true')
  }
}

import type { Locator, Page } from '@playwright/test'

/** The guest panel's tabs under a guest's header in the details pane. */
export class GuestPanelPage {
  readonly panel: Locator

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('guest-panel')
  }

  async openTab(name: string): Promise<void> {
    await this.panel.getByRole('tab', { name, exact: true }).click()
  }

  /** A chart by its test id (`chart-cpu`, `chart-memory`, `chart-network`, `chart-disk`). */
  chart(id: string): Locator {
    return this.page.getByTestId(id)
  }

  /** A config line of Hardware or Options by its key. */
  entry(key: string): Locator {
    return this.panel.locator(`tr[data-key="${key}"]`)
  }

  get notes(): Locator {
    return this.page.getByTestId('guest-notes-text')
  }
}

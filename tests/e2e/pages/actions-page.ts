import type { Locator, Page } from '@playwright/test'

/** The guest actions as a user meets them: the details pane's bar, the context menu's section, the dialogs. */
export class ActionsPage {
  readonly bar: Locator
  readonly dialog: Locator
  readonly toast: Locator
  readonly snapshots: Locator

  constructor(readonly page: Page) {
    this.bar = page.getByTestId('guest-action-bar')
    this.dialog = page.getByRole('dialog')
    this.toast = page.getByTestId('action-toast')
    this.snapshots = page.getByTestId('guest-snapshots')
  }

  /** An action button of the bar, by its `data-action` (`stop`, `migrate`…). */
  button(action: string): Locator {
    return this.bar.locator(`button[data-action="${action}"]`)
  }

  /** The span around a bar button: it carries the tooltip of a disabled one. */
  wrap(action: string): Locator {
    return this.bar.locator(`[data-action-wrap="${action}"]`)
  }

  /** An item of the context menu's actions section. */
  menuItem(action: string): Locator {
    return this.page.getByRole('menu').locator(`[data-action="${action}"]`)
  }

  /** The guest named in a dialog: site, cluster, node, name, vmid. */
  identity(): Locator {
    return this.dialog.getByTestId('action-guest')
  }

  /** Opens the guest panel's guest snapshots tab (the list lives there since the panels have tabs). */
  async openSnapshots(tab = 'Instantanés'): Promise<void> {
    await this.page.getByRole('tab', { name: tab, exact: true }).click()
  }

  /** A guest snapshot's row in the details pane. */
  snapshotRow(name: string): Locator {
    return this.snapshots.locator(`[data-snapshot="${name}"]`)
  }
}

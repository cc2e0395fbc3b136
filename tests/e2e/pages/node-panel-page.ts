import type { Locator, Page } from '@playwright/test'

/** The node, cluster and storage panels under the details pane's figures. */
export class NodePanelPage {
  readonly panel: Locator

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('node-panel')
  }

  async openTab(name: string): Promise<void> {
    await this.panel.getByRole('tab', { name }).click()
  }

  /** A row of the network hierarchy by interface name. */
  iface(name: string): Locator {
    return this.page.locator(`[data-testid="node-network"] tr[data-iface="${name}"]`)
  }

  certificate(filename: string): Locator {
    return this.page.locator(`[data-testid="node-certificates"] [data-certificate="${filename}"]`)
  }

  get syslogRange(): Locator {
    return this.page.getByTestId('syslog-range')
  }

  get syslogLines(): Locator {
    return this.page.getByTestId('syslog-lines')
  }

  syslogButton(name: string): Locator {
    return this.page.getByTestId('node-syslog').getByRole('button', { name, exact: true })
  }

  get cluster(): Locator {
    return this.page.getByTestId('cluster-panel')
  }

  get storage(): Locator {
    return this.page.getByTestId('storage-panel')
  }
}

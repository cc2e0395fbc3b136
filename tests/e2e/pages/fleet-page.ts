import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

/** The main window as a user sees it: the fleet tree, the search box, the details pane. */
export class FleetPage {
  readonly tree: Locator

  constructor(readonly page: Page) {
    this.tree = page.getByRole('tree')
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await expect(this.page.locator('main[data-ready="true"]')).toBeVisible()
    await expect(this.tree.getByRole('treeitem').first()).toBeVisible()
  }

  /** A tree row by the start of its accessible name (`naorlo-web01 (VM 101)`, `Site Km4`, `Cluster ace-prod`). */
  row(name: string | RegExp): Locator {
    return this.tree.getByRole('treeitem', {
      name: typeof name === 'string' ? new RegExp(`^${escape(name)}`) : name,
    })
  }

  guest(name: string, vmid: number): Locator {
    return this.tree
      .locator(`[role="treeitem"][data-kind="guest"]`, { hasText: name })
      .filter({ hasText: String(vmid) })
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('textbox').fill(text)
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/${name}.png` })
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

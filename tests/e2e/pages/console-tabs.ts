import type { Locator, Page } from '@playwright/test'

import { expect } from '../fixtures'

/**
 * The workspace tab shown now (details or a console). Scoped to the workspace's own tab bar: the details pane's
 * panels (Résumé, Matériel…) are tabs too, and one of them is always selected.
 */
export const selectedWorkspaceTab = (page: Page): Locator =>
  page
    .getByRole('tablist', { name: 'Espace de travail : détails et consoles' })
    .getByRole('tab', { selected: true })

/** A connected console asks before it closes: say yes. */
export async function closeConfirmed(page: Page): Promise<void> {
  const confirm = page.getByRole('dialog', { name: 'Fermer cette console ?' }).getByRole('button', {
    name: 'La fermer',
  })
  if (await confirm.isVisible({ timeout: 1_000 }).catch(() => false)) await confirm.click()
}

/** Consoles opened by an earlier test of this worker come back as tabs: start from an empty workspace. */
export async function closeAllTabs(page: Page): Promise<void> {
  const close = page.getByRole('button', { name: /^Fermer la console/ })
  // The list of consoles arrives after the tree: give it the time to show its tabs, then close them one by one.
  await expect(page.getByRole('tab', { name: 'Détails' })).toBeVisible()
  await page.waitForLoadState('networkidle')
  for (let left = await close.count(); left > 0; left = await close.count()) {
    await close
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined)
    await closeConfirmed(page)
  }
}

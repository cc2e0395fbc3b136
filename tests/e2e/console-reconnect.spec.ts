import type { Locator, Page } from '@playwright/test'

import { expect, test } from './fixtures'
import { closeAllTabs } from './pages/console-tabs'
import type { FleetPage } from './pages/fleet-page'

// Consoles living through their node: a node shell whose node stops mid-session says so in its tab and
// connects again once the node is back; and two clusters' shells open side by side. In French (the fixture's
// host locale), against the simulator through the browser host. (Opening from the tree, typing, a VM's screen
// and detaching are in consoles.spec.ts.)

/** Opens `node`'s shell from the tree's context menu (the search brings its row into view). */
async function openShell(fleet: FleetPage, node: string): Promise<void> {
  const { page } = fleet
  await page.getByRole('textbox', { name: 'Rechercher des invités' }).fill(node)
  const row = fleet.tree.locator('[role="treeitem"][data-kind="node"]', { hasText: node })
  await expect(row).toHaveCount(1)
  await row.click({ button: 'right' })
  await page
    .getByRole('menu', { name: 'Consoles' })
    .getByRole('menuitem', { name: /^Shell/ })
    .click()
}

/** The console tab of `node`'s shell (`Shell : km4-pve2, ace-prod · km4-pve2, Km4, connectée`) and its panel. */
async function shellTab(page: Page, node: string): Promise<{ tab: Locator; panel: Locator }> {
  const tab = page.getByRole('tab', { name: new RegExp(`^Shell\\s?:\\s${node},`) })
  await expect(tab).toHaveCount(1)
  const panelId = await tab.getAttribute('aria-controls')
  return { tab, panel: page.locator(`[role="tabpanel"][id="${panelId ?? ''}"]`) }
}

/** The terminal's lines as the user reads them (xterm draws spaces as no-break spaces). */
const lines = async (panel: Locator): Promise<string[]> =>
  (await panel.locator('.xterm-rows').innerText())
    .split('\n')
    .map((line) => line.replaceAll('\u00a0', ' ').trimEnd())

/** Types a command into the terminal in `panel` and waits for `line` as a line of its own (its output). */
async function run(page: Page, panel: Locator, command: string, line: string | RegExp): Promise<void> {
  await panel.locator('.xterm-screen').click()
  await page.keyboard.type(`${command}\r`)
  await expect
    .poll(async () =>
      (await lines(panel)).some((l) => (typeof line === 'string' ? l === line : line.test(l))),
    )
    .toBe(true)
}

const state = (panel: Locator): Locator => panel.locator('.console-status')

test.describe('consoles and their nodes', () => {
  test.beforeEach(async ({ fleet }) => {
    await closeAllTabs(fleet.page)
  })

  test('a node shell whose node stops says it was lost, and Reconnect works once the node is back', async ({
    fleet,
    app,
    page,
  }) => {
    const node = 'km4-pve2'
    await openShell(fleet, node)
    const { tab, panel } = await shellTab(page, node)
    await expect(tab).toHaveAttribute('aria-selected', 'true')
    await expect(state(panel)).toHaveAttribute('data-state', 'connected')
    await run(page, panel, 'hostname', node)
    await page.screenshot({ path: 'test-results/console-reconnect-1-open.png' })

    try {
      await app.simulate(`/nodes/${node}/stop`)
      // Closed, with the reason in French, and Reconnect offered; the tab says it too.
      await expect(state(panel)).toHaveAttribute('data-state', 'closed')
      await expect(panel.getByTestId('console-end')).toContainText(
        'fermée — La connexion au nœud a été perdue.',
      )
      await expect(tab).toHaveAccessibleName(/, fermée$/)
      await page.screenshot({ path: 'test-results/console-reconnect-2-lost.png' })
    } finally {
      await app.simulate(`/nodes/${node}/start`)
    }

    await panel.getByRole('button', { name: 'Reconnecter' }).click()
    await expect(state(panel)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 })
    await expect(panel.getByTestId('console-end')).toHaveCount(0)
    await expect(tab).toHaveAccessibleName(/, connectée$/)
    // A new session on the node that is back, below the old one: its login banner a second time, then its shell
    // answers.
    await expect
      .poll(async () => (await lines(panel)).filter((l) => l.includes(`Linux ${node} `)).length)
      .toBe(2)
    await run(page, panel, 'uptime', /load average/)
    await run(page, panel, 'hostname', node)
    await page.screenshot({ path: 'test-results/console-reconnect-3-back.png' })
  })

  test('two clusters’ node shells open at once, each in its own tab, each answering as its node', async ({
    fleet,
    page,
  }) => {
    await openShell(fleet, 'km4-pve1')
    const ace = await shellTab(page, 'km4-pve1')
    await expect(state(ace.panel)).toHaveAttribute('data-state', 'connected')
    await run(page, ace.panel, 'hostname', 'km4-pve1')

    await openShell(fleet, 'yakro-pve1')
    const yakro = await shellTab(page, 'yakro-pve1')
    await expect(yakro.tab).toHaveAttribute('aria-selected', 'true')
    await expect(state(yakro.panel)).toHaveAttribute('data-state', 'connected')
    await run(page, yakro.panel, 'hostname', 'yakro-pve1')
    // Each tab names its cluster; the first console stays connected behind the second.
    await expect(ace.tab).toHaveAccessibleName(/ace-prod · km4-pve1, Km4, connectée$/)
    await expect(yakro.tab).toHaveAccessibleName(/yakro-pve1 · yakro-pve1, Yamoussoukro, connectée$/)
    await page.screenshot({ path: 'test-results/console-two-clusters-yakro.png' })

    // Back to the first: its session went on meanwhile, and it still answers.
    await ace.tab.click()
    await expect(ace.tab).toHaveAttribute('aria-selected', 'true')
    await expect(state(ace.panel)).toHaveAttribute('data-state', 'connected')
    await run(page, ace.panel, 'whoami', 'root')
    await page.screenshot({ path: 'test-results/console-two-clusters-ace.png' })
  })
})

import type { Locator, Page } from '@playwright/test'

import { render, TEXT, TITLE, WIDTH } from '../pve-sim/consoles/framebuffer'
import { closeAllTabs, closeConfirmed, selectedWorkspaceTab } from './pages/console-tabs'
import type { FleetPage } from './pages/fleet-page'
import { expect, test } from './fixtures'

/** A container's getty in the simulator: root and this password (tests/pve-sim/consoles/shell-env.ts). */
const GUEST_ROOT_PASSWORD = 'pvedesk-demo'

/** The console tab shown now, its terminal's text and its screen. */
const activeConsole = (page: Page): Locator => page.locator('.workspace-console[data-active="true"]')
const terminalText = (scope: Locator): Locator => scope.locator('.xterm-rows')

/** The terminal's lines as the user reads them (xterm draws spaces as no-break spaces). */
const lines = async (text: Locator): Promise<string[]> =>
  (await text.innerText()).split('\n').map((line) => line.replaceAll('\u00a0', ' ').trimEnd())

/** Waits until the terminal shows `line` as a line of its own (a command's output, not the command typed). */
const expectLine = (text: Locator, line: string): Promise<void> =>
  expect.poll(() => lines(text)).toContain(line)

/** Logs in at a new container console's getty (the simulator always shows one on a new session). */
async function logIn(page: Page, text: Locator): Promise<void> {
  await expect(text).toContainText('login: ')
  await page.keyboard.type('root\r')
  await expect(text).toContainText('Password:')
  await page.keyboard.type(`${GUEST_ROOT_PASSWORD}\r`)
  await expect(text).toContainText('root@')
}

async function openContainerConsole(fleet: FleetPage): Promise<Locator> {
  const { page } = fleet
  await fleet.row('dns01 (Conteneur 110)').click({ button: 'right' })
  const menu = page.getByRole('menu', { name: 'Consoles' })
  await expect(menu.getByRole('menuitem', { name: /Écran/ })).toBeEnabled()
  await menu.getByRole('menuitem', { name: /^Console/ }).click()
  await expect(selectedWorkspaceTab(page)).toHaveAccessibleName(
    /^Console\s:\sdns01 \(110\), ace-prod · km4-pve1, Km4, (connexion…|connectée)$/,
  )
  const text = terminalText(activeConsole(page))
  await logIn(page, text)
  return text
}

/** How many colours the screen's canvas shows: a blank screen has one. */
const canvasColours = (screen: Locator): Promise<number> =>
  screen.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d')
    if (context === null || canvas.width === 0) return 0
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
    const colours = new Set<number>()
    for (let i = 0; i + 2 < data.length; i += 16)
      colours.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0))
    return colours.size
  })

/** The rows of the screen where the simulator draws a VM's title (7 rows of its font, scaled). */
const TITLE_ROWS = { top: TITLE.y, height: 7 * TITLE.scale }

/** Which pixels of the title band the simulator lights for `title`. */
function titleMask(title: string): boolean[] {
  const fb = render({ title, status: '', typed: '', pointer: { x: -100, y: -100 }, marks: [] })
  const mask: boolean[] = []
  for (let row = TITLE_ROWS.top; row < TITLE_ROWS.top + TITLE_ROWS.height; row++)
    for (let col = 0; col < WIDTH; col++) mask.push(fb.pixels[row * WIDTH + col] === TEXT)
  return mask
}

/** Which pixels of the title band are light on the screen's canvas. */
const shownTitle = (screen: Locator): Promise<boolean[]> =>
  screen.locator('canvas').evaluate(
    (canvas: HTMLCanvasElement, band) => {
      const context = canvas.getContext('2d')
      if (context === null || canvas.width < band.width) return []
      const { data } = context.getImageData(0, band.top, band.width, band.height)
      const lit: boolean[] = []
      for (let i = 0; i + 2 < data.length; i += 4)
        lit.push((data[i] ?? 0) > 200 && (data[i + 1] ?? 0) > 200 && (data[i + 2] ?? 0) > 200)
      return lit
    },
    { ...TITLE_ROWS, width: WIDTH },
  )

/** How much two masks agree on their lit pixels (intersection over union). */
function overlap(a: boolean[], b: boolean[]): number {
  if (a.length !== b.length) return 0
  let both = 0
  let either = 0
  a.forEach((lit, i) => {
    if (lit && b[i]) both += 1
    if (lit || b[i]) either += 1
  })
  return either === 0 ? 0 : both / either
}

test.describe('consoles', () => {
  test.beforeEach(async ({ fleet }) => {
    await closeAllTabs(fleet.page)
  })

  test('a container’s console from the tree: log in, type a command, read its output', async ({ fleet }) => {
    const { page } = fleet
    const text = await openContainerConsole(fleet)
    await page.keyboard.type('echo "héllo ─┼─ çà"\r')
    // The echo's own line, after the command line: accents and box drawing came back through both framings.
    await expectLine(text, 'héllo ─┼─ çà')
    await page.keyboard.type('hostname\r')
    await expectLine(text, 'dns01')
    await expect(activeConsole(page).getByRole('status').first()).toContainText('connectée')
    await fleet.screenshot('console-terminal')
  })

  test('a VM’s screen by Enter on its row shows the guest as the simulator draws it', async ({ fleet }) => {
    const { page } = fleet
    await fleet.row('naorlo-web01 (VM 101)').click()
    await fleet.tree.press('Enter')
    const screen = activeConsole(page).getByTestId('vnc-screen')
    await expect(screen).toHaveAttribute('data-connected', 'true')
    await expect.poll(() => canvasColours(screen)).toBeGreaterThan(2)
    // The guest's own name, where the simulator draws it: its title band matches the letters of
    // "101 naorlo-web01", and not those of another VM.
    const mine = titleMask('101 naorlo-web01')
    const other = titleMask('200 ct-web')
    await expect.poll(async () => overlap(await shownTitle(screen), mine)).toBeGreaterThan(0.95)
    expect(overlap(await shownTitle(screen), other)).toBeLessThan(0.8)
    await page.getByRole('button', { name: 'Envoyer des touches' }).click()
    await expect(page.getByRole('menuitem', { name: 'Ctrl+Alt+Suppr' })).toBeVisible()
    await expect(page.getByRole('menuitem', { name: 'Ctrl+Alt+F12' })).toBeVisible()
    await fleet.screenshot('console-vnc-keys')
    await page.keyboard.press('Escape')
  })

  test('two consoles on two clusters at once, switched with Ctrl+PageUp/PageDown', async ({ fleet }) => {
    const { page } = fleet
    const container = await openContainerConsole(fleet)
    // The tree's search box (the terminal's input is a text box too).
    await page.getByRole('textbox', { name: 'Rechercher des invités' }).fill('dns03')
    await fleet.row('Nœud yakro-pve1').click()
    // A node's shell takes a deliberate Ctrl+Enter: Enter on a node row is the tree's own key.
    await fleet.tree.press('Control+Enter')
    await expect(selectedWorkspaceTab(page)).toHaveAccessibleName(
      /^Shell\s:\syakro-pve1, yakro-pve1 · yakro-pve1, Yamoussoukro, (connexion…|connectée)$/,
    )
    const shell = terminalText(activeConsole(page))
    await expect(shell).toContainText('root@yakro-pve1:~# ')
    await page.keyboard.type('hostname\r')
    await expectLine(shell, 'yakro-pve1')
    await fleet.screenshot('console-two-clusters')
    await page.keyboard.press('Control+PageUp')
    await expect(selectedWorkspaceTab(page)).toHaveAccessibleName(/^Console\s:\sdns01/)
    await expect(container).toContainText('root@dns01:~# ')
    await page.keyboard.press('Control+PageDown')
    await expect(selectedWorkspaceTab(page)).toHaveAccessibleName(/^Shell\s:\syakro-pve1/)
  })

  test('detach a console into its own window and put it back without dropping the session', async ({
    fleet,
  }) => {
    const { page } = fleet
    const text = await openContainerConsole(fleet)
    const tab = page.locator('.console-tab', { hasText: 'dns01' })
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      tab.getByRole('button', { name: /^Ouvrir dans sa propre fenêtre/ }).click(),
    ])
    const detached = terminalText(popup.locator('.console-window'))
    // The session's scrollback came along: the login is still there.
    await expect(detached).toContainText('root@dns01:~# ')
    await expect(page.getByRole('button', { name: 'La ramener ici' })).toBeVisible()
    await expect(selectedWorkspaceTab(page)).toHaveAccessibleName(/Ouverte dans une autre fenêtre/)
    await popup.locator('.xterm').click()
    await popup.keyboard.type('echo depuis-la-fenetre\r')
    await expectLine(detached, 'depuis-la-fenetre')
    await popup.screenshot({ path: 'test-results/console-detached.png' })
    await fleet.screenshot('console-elsewhere')
    await Promise.all([
      popup.waitForEvent('close'),
      popup.getByRole('button', { name: 'Remettre en place' }).click(),
    ])
    await expect(page.getByRole('button', { name: 'La ramener ici' })).toBeHidden()
    await expectLine(text, 'depuis-la-fenetre')
    await page.locator('.workspace-console[data-active="true"] .xterm').click()
    await page.keyboard.type('echo de-retour\r')
    await expectLine(text, 'de-retour')
  })

  test('a reload of the window finds its consoles again, re-attached with the terminal’s recent output', async ({
    fleet,
  }) => {
    const { page } = fleet
    const text = await openContainerConsole(fleet)
    await page.keyboard.type('echo avant-rechargement\r')
    await expectLine(text, 'avant-rechargement')
    await page.reload()
    await expect(page.locator('main[data-ready="true"]')).toBeVisible()
    const tab = page.locator('.console-tab', { hasText: 'dns01' })
    await tab.locator('.console-tab-main').click()
    const again = terminalText(activeConsole(page))
    // Main replays the session's scrollback: the shell was never left.
    await expectLine(again, 'avant-rechargement')
    await expect(tab).toHaveAttribute('data-state', 'connected')
    await page.locator('.workspace-console[data-active="true"] .xterm').click()
    await page.keyboard.type('echo apres-rechargement\r')
    await expectLine(again, 'apres-rechargement')
  })

  test('the record of console sessions says who opened which console and how it ended', async ({ fleet }) => {
    const { page } = fleet
    await openContainerConsole(fleet)
    await page
      .getByRole('button', { name: /^Fermer la console/ })
      .first()
      .click()
    await closeConfirmed(page)
    await page.getByRole('button', { name: 'Sessions de console' }).click()
    const table = page.getByRole('table', { name: 'Sessions de console' })
    const row = table.getByRole('row').filter({ hasText: 'dns01 (110)' }).first()
    await expect(row).toContainText('root@pam')
    await expect(row).toContainText('Km4 · ace-prod · km4-pve1 · dns01 (110)')
    await expect(row).toContainText('Vous l’avez fermée.')
    await fleet.screenshot('console-history')
  })
})

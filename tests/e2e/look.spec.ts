import { expect, test } from './fixtures'
import { LookPage } from './pages/look-page'

// These specs change the workspace (language, theme, row height) that every spec of the worker shares: each puts
// it back (system language and theme, comfortable rows) whatever happens. They only select rows, never act.
test.describe('language and look', () => {
  test('switches to English and back: words and formatted numbers, kept across a reload', async ({
    fleet,
  }) => {
    const look = new LookPage(fleet.page)
    try {
      await fleet.row('Nœud km4-pve1').first().click()
      const details = fleet.page.locator('.app-main')
      // The node's figures move with the simulator: one of them (a size or a percentage of memory, swap or the root
      // disk) may round to a whole number, not all of them.
      const figures = details.getByRole('table').first()
      await expect(figures).toContainText(/Mémoire\s*\d/)
      await expect(figures).toContainText(/\d,\d\s?(GiB|%)/)
      await look.choose('language', 'en')
      await expect(fleet.page.locator('html')).toHaveAttribute('lang', 'en')
      await expect(fleet.row('Site Km4, 20 guests')).toBeVisible()
      await expect(figures).toContainText(/Memory\s*\d/)
      await expect(figures).toContainText(/\d\.\d\s?(GiB|%)/)
      await expect(fleet.page.getByRole('textbox', { name: 'Search guests' })).toBeVisible()
      // Kept in the settings file: a new window opens in English.
      await fleet.open(fleet.page.url())
      await expect(fleet.row('Site Km4, 20 guests')).toBeVisible()
      await look.choose('language', 'system')
      await expect(fleet.row('Site Km4, 20 invités')).toBeVisible()
      await expect(fleet.page.locator('html')).toHaveAttribute('lang', 'fr')
    } finally {
      await look.reset()
    }
  })

  test('the dark theme: the tree and a details panel stay legible', async ({ fleet }) => {
    const look = new LookPage(fleet.page)
    try {
      await fleet.row('Nœud km4-pve1').first().click()
      await look.choose('theme', 'dark')
      expect(await look.colorScheme()).toBe('dark')
      await look.choose('density', 'dense')
      await expect(fleet.page.locator('html')).toHaveAttribute('data-density', 'dense')
      await fleet.screenshot('look-dark')
      await look.menuButton.click()
      await expect(fleet.page.getByTestId('look-theme-dark')).toHaveAttribute('aria-checked', 'true')
      await fleet.screenshot('look-menu-dark')
      await fleet.page.keyboard.press('Escape')
      const row = fleet.row('Site Km4').first()
      expect(await look.contrastOf(row)).toBeGreaterThanOrEqual(4.5)
      const figure = fleet.page
        .locator('.app-main')
        .getByRole('row', { name: /^Mémoire \d/ })
        .first()
        .getByRole('cell')
      expect(await look.contrastOf(figure)).toBeGreaterThanOrEqual(4.5)
      // Kept across a reload, from the first paint.
      await fleet.open(fleet.page.url())
      expect(await look.colorScheme()).toBe('dark')
      await look.choose('theme', 'light')
      expect(await look.colorScheme()).toBe('light')
      await fleet.screenshot('look-light')
    } finally {
      await look.reset()
    }
    await expect(fleet.page.locator('html')).toHaveAttribute('data-density', 'comfortable')
  })

  test('the shortcuts overlay: ? opens it, it lists Ctrl+K, Esc closes it', async ({ fleet }) => {
    const look = new LookPage(fleet.page)
    await fleet.row('Site Km4').first().click()
    await fleet.page.keyboard.press('?')
    await expect(look.overlay).toBeVisible()
    const palette = look.overlay.getByRole('row', { name: /Palette de commandes/ })
    await expect(palette).toContainText('Ctrl+K')
    await expect(look.overlay.getByRole('row', { name: /Démarrer/ })).toContainText('Alt+Maj+S')
    await fleet.screenshot('look-shortcuts')
    await fleet.page.keyboard.press('Escape')
    await expect(look.overlay).toBeHidden()
    // Typed in the search box, ? is a character.
    await fleet.page.getByRole('textbox').first().fill('')
    await fleet.page.getByRole('textbox').first().press('?')
    await expect(look.overlay).toBeHidden()
    await fleet.page.getByRole('textbox').first().fill('')
    await fleet.page.keyboard.press('F1')
    await expect(look.overlay).toBeVisible()
    await fleet.page.keyboard.press('Escape')
  })
})

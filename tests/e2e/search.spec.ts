import { expect, test } from './fixtures'
import { SearchPage, csvLines } from './pages/search-page'

// Reads only: the demo's guests and workspace are left as they were, and the search box empty.
test.describe('search, command palette and CSV export', () => {
  test.afterEach(async ({ fleet }) => {
    await new SearchPage(fleet.page).clear()
    await fleet.page.keyboard.press('Escape')
  })

  test('status:stopped tag:naorlo with a suggestion applied from the keyboard; the CSV has exactly those guests', async ({
    fleet,
  }) => {
    const search = new SearchPage(fleet.page)
    await search.type('status:stopped tag:nao')
    await expect(search.suggestion('naorlo')).toBeVisible()
    await expect(search.suggestion('naorlo')).toContainText(/\d+ invités?/)
    await fleet.screenshot('search-suggestions')
    await search.box.press('ArrowDown')
    await search.box.press('Enter')
    await expect(search.box).toHaveValue('status:stopped tag:naorlo')
    await expect(fleet.tree).toHaveAttribute('data-filter', 'status:stopped tag:naorlo')
    // The DR replicas never run in the demo (no spec starts them).
    for (const [name, vmid] of [
      ['naorlo-web01-replica', 301],
      ['naorlo-db01-replica', 303],
    ] as const)
      await expect(fleet.guest(name, vmid)).toBeVisible()
    const rows = fleet.tree.locator('[role="treeitem"][data-kind="guest"]')
    await expect(rows.first()).toBeVisible()
    await fleet.screenshot('search-results')

    const { name, text } = await search.exportCsv()
    expect(name).toMatch(/^pvedesk-view-\d{8}-\d{6}\.csv$/)
    expect(text.startsWith('\uFEFF')).toBe(true)
    const [header, ...lines] = csvLines(text)
    expect(header?.slice(0, 7)).toEqual(['site', 'cluster', 'node', 'vmid', 'name', 'type', 'status'])
    const at = (column: string): number => header?.indexOf(column) ?? -1
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const line of lines) {
      expect(line[at('status')]).toBe('stopped')
      expect(line[at('tags')]?.split(';')).toContain('naorlo')
    }
    const vmids = lines.map((l) => Number(l[at('vmid')]))
    expect(vmids).toEqual(expect.arrayContaining([301, 302, 303]))
    // Exactly what the tree shows: one line per guest row (grouped by site, each guest once).
    await expect(rows).toHaveCount(lines.length)
  })

  test('a field that does not exist is said in French under the box', async ({ fleet }) => {
    const search = new SearchPage(fleet.page)
    await search.type('colour:red')
    await expect(search.problems).toHaveText('champ inconnu « colour »')
    await expect(search.box).toHaveAttribute('aria-invalid', 'true')
    await fleet.screenshot('search-problem')
    await search.box.press('Escape')
    await expect(search.problems).toBeHidden()
    // Still marked, and still searching for the literal text: nothing matches.
    await expect(search.box).toHaveAttribute('aria-invalid', 'true')
    await expect(fleet.page.getByRole('status').filter({ hasText: 'colour:red' })).toBeVisible()
  })

  test('Ctrl+K opens the palette; a guest found there is selected in the tree', async ({ fleet }) => {
    const search = new SearchPage(fleet.page)
    await fleet.tree.focus()
    await fleet.page.keyboard.press('Control+k')
    await expect(search.palette).toBeFocused()
    await expect(search.entry(/Grouper l’arbre : Par étiquette/)).toBeVisible()
    await fleet.screenshot('palette-commands')
    await search.palette.pressSequentially('db01-replica')
    await expect(search.entry(/naorlo-db01-replica \(VM 303\)/)).toBeVisible()
    await fleet.screenshot('palette-guest')
    await search.palette.press('ArrowDown')
    await search.palette.press('Enter')
    await expect(search.palette).toBeHidden()
    await expect(fleet.guest('naorlo-db01-replica', 303)).toHaveAttribute('aria-selected', 'true')
    await expect(fleet.tree).toBeFocused()
  })

  test('the palette runs a command from the keyboard: the dark theme, then back', async ({ fleet }) => {
    const search = new SearchPage(fleet.page)
    const html = fleet.page.locator('html')
    const before = await html.getAttribute('data-mantine-color-scheme')
    const runTheme = async (words: string, name: RegExp): Promise<void> => {
      await fleet.page.keyboard.press('Control+k')
      await search.palette.pressSequentially(words)
      await expect(search.entry(name)).toBeVisible()
      await search.palette.press('ArrowDown')
      await search.palette.press('Enter')
      await expect(search.palette).toBeHidden()
    }
    try {
      await runTheme('thème sombre', /Thème : Sombre/)
      await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark')
      await search.type('status:stopped tag:')
      await expect(search.suggestion('naorlo')).toBeVisible()
      await fleet.screenshot('search-suggestions-dark')
      await search.box.press('Escape')
      await search.clear()
      await fleet.page.getByTestId('search-help').click()
      await expect(fleet.page.getByRole('region', { name: 'Syntaxe de recherche' })).toBeVisible()
      await fleet.screenshot('search-help-dark')
      await fleet.page.keyboard.press('Escape')
    } finally {
      await runTheme('thème système', /Thème : Suivre le système/)
    }
    await expect(html).toHaveAttribute('data-mantine-color-scheme', before ?? 'light')
  })
})

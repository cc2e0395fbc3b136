import { expect, test } from './fixtures'
import { ViewsPage } from './pages/views-page'

// These specs change the workspace every spec of the worker shares (grouping, folders, favourites, saved
// views): each writes it back as it found it, whatever happens. They use guests no other spec stars or files
// (naorlo-app01-replica 302, naorlo-db01-dr 110) and never act on a guest.
test.describe('tree views', () => {
  test('by tag: the naorlo group lists the naorlo guests, a guest with two tags shows twice', async ({
    fleet,
  }) => {
    const views = new ViewsPage(fleet.page)
    const before = await views.workspace()
    try {
      await views.groupBy('Par étiquette')
      await expect(fleet.tree).toHaveAttribute('data-grouping', 'tag')
      const naorlo = views.group('Étiquette naorlo')
      await expect(naorlo).toHaveAttribute('aria-label', /^Étiquette naorlo, 16 invités, \d+ en marche$/)
      await fleet.screenshot('views-tag')
      const under = await views.guestsUnder('Étiquette naorlo')
      expect(under.length).toBeGreaterThan(10)
      expect(under.every((label) => label.startsWith('naorlo-'))).toBe(true)
      // naorlo-web01 is tagged naorlo, prod and web: a row under each tag, one selection.
      await views.search('vmid:101')
      await expect(views.group('Étiquette web')).toBeVisible()
      const web01 = fleet.row('naorlo-web01 (VM 101)')
      await expect(web01).toHaveCount(3)
      await web01.first().click()
      await expect(web01.nth(1)).toHaveAttribute('aria-selected', 'true')
      await expect(
        fleet.page.locator('.app-main').getByRole('heading', { name: 'naorlo-web01' }),
      ).toBeVisible()
      await expect(views.group('Groupe Sans étiquette')).toHaveCount(0)
    } finally {
      await views.restore(before)
    }
  })

  test('by pool: naorlo-prod, naorlo-test, infra, and win-ad01 in "no pool"', async ({ fleet }) => {
    const views = new ViewsPage(fleet.page)
    const before = await views.workspace()
    try {
      await views.groupBy('Par pool')
      for (const pool of ['naorlo-prod', 'naorlo-test', 'infra'])
        await expect(views.group(`Pool ${pool}`)).toBeVisible()
      const none = views.group('Groupe Sans pool')
      await expect(none).toBeVisible()
      expect(await views.guestsUnder('Groupe Sans pool')).toContainEqual(
        expect.stringMatching(/^win-ad01 \(VM 120\)/),
      )
      expect((await views.guestsUnder('Pool naorlo-test')).map((l) => l.split(' ')[0])).toEqual([
        'naorlo-web01-test',
        'naorlo-app01-test',
        'naorlo-db01-test',
        'naorlo-app02-test',
      ])
      // The group's details: its counts by status and by site.
      await views.group('Pool naorlo-test').click()
      const details = fleet.page.getByTestId('group-details')
      await expect(details.getByRole('row', { name: /^Invités 4$/ })).toBeVisible()
      await expect(details.getByRole('row', { name: /^Km4 4$/ })).toBeVisible()
      await fleet.screenshot('views-pool')
    } finally {
      await views.restore(before)
    }
  })

  test('a favourite, a folder with a guest dragged in, a saved view opened', async ({ fleet }) => {
    const views = new ViewsPage(fleet.page)
    const before = await views.workspace()
    try {
      // Star naorlo-app01-replica with F: a Favourites group on top.
      await views.search('naorlo-app01-replica')
      await fleet.guest('naorlo-app01-replica', 302).first().click()
      await fleet.tree.press('f')
      await views.search('')
      await views.scrollToTop()
      const favourites = views.group('Groupe Favoris')
      await expect(favourites).toHaveAttribute('aria-posinset', '1')
      await expect(favourites).toHaveAttribute('aria-label', /^Groupe Favoris, 1 invité,/)
      await expect(fleet.row(/^naorlo-app01-replica \(VM 302\), .*favori/).first()).toBeVisible()

      // A folder, and the starred guest dragged from the favourites onto it.
      await views.createFolder('E2E vues')
      await views.groupBy('Mes dossiers')
      const folder = views.group('Dossier E2E vues')
      await expect(folder).toHaveAttribute('aria-label', /^Dossier E2E vues, 0 invité,/)
      const starred = fleet.tree.locator('[id^="tree-row-group:favourites/"]').first()
      await starred.dragTo(folder)
      await expect(folder).toHaveAttribute('aria-label', /^Dossier E2E vues, 1 invité, 0 en marche$/)
      expect(await views.guestsUnder('Dossier E2E vues')).toEqual([
        expect.stringMatching(/^naorlo-app01-replica/),
      ])

      // M puts the selected guest in a folder from the keyboard.
      await views.search('naorlo-db01-dr')
      await fleet.guest('naorlo-db01-dr', 110).first().click()
      await fleet.tree.press('m')
      const move = fleet.page.getByRole('dialog', { name: 'Ranger 1 invité dans un dossier' })
      await move.getByRole('button', { name: 'Ranger « E2E vues »' }).click()
      await expect(move).toBeHidden()
      await views.search('')
      await views.scrollToTop()
      await expect(folder).toHaveAttribute('aria-label', /^Dossier E2E vues, 2 invités/)
      await fleet.screenshot('views-folder')

      // A saved view: the pool grouping with a search, opened again from the site view.
      await views.groupBy('Par pool')
      await views.search('tag:replica')
      await views.saveView('E2E répliques')
      await views.groupBy('Par site')
      await views.search('')
      await views.openView('E2E répliques')
      await expect(views.grouping).toHaveValue('pool')
      await expect(fleet.page.getByRole('textbox', { name: /Rechercher/ }).first()).toHaveValue('tag:replica')
      await expect(views.group('Pool naorlo-prod')).toHaveAttribute(
        'aria-label',
        /^Pool naorlo-prod, 3 invités/,
      )
    } finally {
      await views.restore(before)
    }
  })
})

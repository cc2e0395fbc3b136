import { expect, test } from './fixtures'

test.use({ hostLocale: 'en-US' })

test.describe('in English', () => {
  test('speaks English when the system locale is English', async ({ fleet }) => {
    await expect(fleet.row('Site Km4, 20 guests')).toBeVisible()
    // The DR site is below the screen (the tree renders only the rows in view): search brings it up.
    await fleet.search('dr')
    await expect(fleet.row('Cluster yakro-pve1, online')).toBeVisible()
    await expect(fleet.row('naorlo-app01-dr (VM 111), stopped')).toBeVisible()
    await expect(fleet.page.getByRole('textbox', { name: 'Search guests' })).toBeVisible()
  })
})

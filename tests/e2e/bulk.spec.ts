import { expect, test } from './fixtures'
import { BulkPage } from './pages/bulk-page'

// Guests this spec changes and gives back as found: dns01 and dns02 (ace-prod), dns03 (yakro-pve1) are shut down,
// then started again. tpl-debian12, dns01, naorlo-db02 and naorlo-web01 are only previewed.
const DNS = ['dns01', 'dns02', 'dns03'] as const

test('picks every dns guest from a search, shuts them down and starts them again in bulk, with their tasks', async ({
  fleet,
  page,
}) => {
  const bulk = new BulkPage(page)
  await fleet.search('tag:dns')
  for (const name of DNS) await expect(fleet.row(new RegExp(`^${name} `))).toBeVisible()
  await bulk.selectAllResults(3)
  await expect
    .poll(() => bulk.selectedNames())
    .toEqual(['dns01 (Conteneur 110)', 'dns02 (Conteneur 310)', 'dns03 (Conteneur 101)'])
  await expect(bulk.summary.getByRole('heading')).toHaveText('3 invités sélectionnés sur 2 clusters')
  await fleet.screenshot('bulk-multi-selection')

  // Shut down: options (none needed), then main's plan by site and cluster.
  await bulk.choose('Éteindre')
  await bulk.dialog.getByRole('button', { name: 'Aperçu' }).click()
  await expect(bulk.preview.getByRole('status')).toHaveText('3 invités concernés, 0 ignoré')
  await expect(bulk.preview.getByRole('region')).toHaveCount(3)
  await expect(bulk.group('Km4 · ace-prod')).toContainText('dns01')
  await expect(bulk.group('VITIB · ace-prod')).toContainText('dns02')
  await expect(bulk.group('Yamoussoukro · yakro-pve1')).toContainText('dns03')
  await fleet.screenshot('bulk-preview')

  await bulk.dialog.getByRole('button', { name: 'Éteindre 3 invités' }).click()
  await expect(bulk.results).toHaveAttribute('data-done', 'true', { timeout: 30_000 })
  await expect(bulk.results.locator('tr[data-state="ok"]')).toHaveCount(3)
  for (const name of DNS)
    await expect(bulk.results.getByRole('button', { name: `Tâche de ${name}` })).toBeVisible()
  await fleet.screenshot('bulk-results')
  await bulk.dialog.getByRole('button', { name: 'Fermer' }).click()
  for (const name of DNS)
    await expect(fleet.row(new RegExp(`^${name} `))).toHaveAttribute('data-state', 'stopped')

  // The same guests are still picked: start them again (no options, straight to the preview).
  await bulk.choose('Démarrer')
  await expect(bulk.preview.getByRole('status')).toHaveText('3 invités concernés, 0 ignoré')
  await bulk.dialog.getByRole('button', { name: 'Démarrer 3 invités' }).click()
  await expect(bulk.results).toHaveAttribute('data-done', 'true', { timeout: 30_000 })
  await expect(bulk.results.locator('tr[data-state="ok"]')).toHaveCount(3)
  await bulk.dialog.getByRole('button', { name: 'Fermer' }).click()
  for (const name of DNS)
    await expect(fleet.row(new RegExp(`^${name} `))).toHaveAttribute('data-state', 'running')

  // Escape in the tree drops the picked guests.
  await fleet.tree.focus()
  await page.keyboard.press('Escape')
  await expect(bulk.summary).toBeHidden()
})

test('a preview says what it would leave out and why, and runs nothing when nothing is left', async ({
  fleet,
  page,
}) => {
  const bulk = new BulkPage(page)
  // Ctrl+click picks a second guest beside the one selected: a running container and a template.
  await fleet.row('dns01 (Conteneur 110)').click()
  await fleet.row(/^tpl-debian12 /).click({ modifiers: ['ControlOrMeta'] })
  await expect.poll(() => bulk.selectedNames()).toHaveLength(2)
  await bulk.choose('Démarrer')
  await expect(bulk.preview.getByRole('status')).toHaveText('0 invité concerné, 2 ignorés')
  const km4 = bulk.group('Km4 · ace-prod')
  await expect(km4.locator('tr', { hasText: 'tpl-debian12' })).toContainText('Modèle')
  await expect(km4.locator('tr', { hasText: 'dns01' })).toContainText('Déjà dans cet état')
  await expect(bulk.dialog.getByRole('button', { name: /^Démarrer \d+ invité/ })).toBeDisabled()
  await fleet.screenshot('bulk-preview-skipped')
  await bulk.dialog.getByRole('button', { name: 'Annuler' }).click()
  await expect(bulk.dialog).toBeHidden()
})

test('Shift+click picks a range of guests, Shift+Down extends it, Escape drops it', async ({
  fleet,
  page,
}) => {
  const bulk = new BulkPage(page)
  await fleet.row('dns01 (Conteneur 110)').click()
  await fleet.row(/^syslog01 /).click({ modifiers: ['Shift'] })
  await expect
    .poll(() => bulk.selectedNames())
    .toEqual([
      'bastion (Conteneur 112)',
      'dns01 (Conteneur 110)',
      'ntp01 (Conteneur 111)',
      'syslog01 (Conteneur 114)',
      'zabbix-proxy (Conteneur 113)',
    ])
  await page.keyboard.press('Shift+ArrowDown')
  await expect.poll(async () => (await bulk.selectedNames()).length).toBe(6)
  await expect(bulk.summary.getByRole('heading')).toHaveText('6 invités sélectionnés sur 1 cluster')
  // Shift+F10 on picked guests opens the bulk menu, not one guest's consoles.
  await page.keyboard.press('Shift+F10')
  const menu = page.getByRole('menu', { name: '6 invités choisis' })
  await expect(menu.getByRole('menuitem', { name: 'Arrêter' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(menu).toBeHidden()
  await page.keyboard.press('Escape')
  await expect(bulk.summary).toBeHidden()
  await expect.poll(() => bulk.selectedNames()).toEqual(['win-ad01 (VM 120)'])
  // Ctrl+A with no search picks every guest of the fleet, on both clusters.
  await page.keyboard.press('ControlOrMeta+a')
  await expect(bulk.summary.getByRole('heading')).toHaveText(/^\d+ invités sélectionnés sur 2 clusters$/)
  await page.keyboard.press('Escape')
  await expect(bulk.summary).toBeHidden()
})

test('a migration takes a target per cluster: a cluster left without one is skipped in the preview', async ({
  fleet,
  page,
}) => {
  const bulk = new BulkPage(page)
  await fleet.search('tag:dns')
  await bulk.selectAllResults(3)
  await bulk.choose('Migrer')
  await bulk.dialog.getByRole('textbox', { name: 'Nœud cible par cluster · ace-prod' }).click()
  await page.getByRole('option', { name: 'km4-pve2' }).click()
  await bulk.dialog.getByRole('button', { name: 'Aperçu' }).click()
  await expect(bulk.preview.getByRole('status')).toHaveText('2 invités concernés, 1 ignoré')
  await expect(bulk.group('Km4 · ace-prod')).toContainText('km4-pve1 → km4-pve2')
  await expect(bulk.group('VITIB · ace-prod')).toContainText('vitib-pve1 → km4-pve2')
  await expect(bulk.group('Yamoussoukro · yakro-pve1')).toContainText(
    'Aucune cible ni aucun stockage choisi pour son cluster',
  )
  // Each group counts its skipped guests per reason.
  await expect(
    bulk.group('Yamoussoukro · yakro-pve1').getByRole('list', { name: 'Ignorés par raison' }),
  ).toHaveText('1 : sans cible ni stockage')
  await expect(bulk.group('Km4 · ace-prod').getByRole('list')).toHaveCount(0)
  await expect(bulk.preview.getByTestId('bulk-migrate-local')).toContainText(
    'disques ou des ressources locales',
  )
  await fleet.screenshot('bulk-migrate-preview')
  // Nothing is run: the guests stay where they are.
  await bulk.dialog.getByRole('button', { name: 'Annuler' }).click()
  await expect(bulk.dialog).toBeHidden()
})

test('a bulk stop of guests tagged prod wants each name typed; picks a later search hides are counted', async ({
  fleet,
  page,
}) => {
  const bulk = new BulkPage(page)
  await fleet.row('naorlo-db02 (VM 106)').click()
  await fleet.row(/^naorlo-web01 /).click({ modifiers: ['ControlOrMeta'] })
  await expect.poll(() => bulk.selectedNames()).toHaveLength(2)
  await bulk.choose('Arrêter')
  // Both are tagged prod: a shield on each, and each name to type.
  await expect(bulk.preview.getByRole('img', { name: 'Protégé par les garde-fous' })).toHaveCount(2)
  await bulk.dialog.getByRole('button', { name: 'Arrêter 2 invités…' }).click()
  const yes = bulk.dialog.getByRole('button', { name: 'Oui, arrêter 2 invités' })
  await expect(yes).toBeDisabled()
  // The last question starts on the first field to type (main's plan order: 101 first), never on the red button.
  const web = bulk.dialog.getByLabel('Tapez naorlo-web01 pour confirmer')
  await expect(web).toBeFocused()
  await web.fill('naorlo-web01')
  const db = bulk.dialog.getByLabel('Tapez naorlo-db02 pour confirmer')
  await db.fill('naorlo-db0')
  await expect(yes).toBeDisabled()
  await db.fill('naorlo-db02')
  await expect(yes).toBeEnabled()
  await fleet.screenshot('bulk-confirm-guarded')
  // Nothing is stopped: Cancel, and the focus goes back to the summary's Stop.
  await bulk.dialog.getByRole('button', { name: 'Annuler' }).click()
  await expect(bulk.dialog).toBeHidden()
  await expect(bulk.summary.getByRole('button', { name: 'Arrêter', exact: true })).toBeFocused()

  // A search that hides one of them: both stay picked, and the bar and the summary say one is out of sight.
  await fleet.search('naorlo-web01')
  await expect(page.getByTestId('bulk-results-bar')).toContainText(
    '2 invités choisis, dont 1 masqué par la recherche',
  )
  await expect(bulk.summary.getByTestId('bulk-hidden')).toHaveText('dont 1 masqué par la recherche')
  await fleet.screenshot('bulk-hidden-picks')
  await fleet.search('')
  await fleet.tree.focus()
  await page.keyboard.press('Escape')
  await expect(bulk.summary).toBeHidden()
})

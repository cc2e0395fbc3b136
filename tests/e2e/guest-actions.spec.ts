import { expect, test } from './fixtures'
import { ActionsPage } from './pages/actions-page'
import { TasksPage } from './pages/tasks-page'

// French UI (the demo's default). Guests no other spec relies on: naorlo-db02 (106, tagged prod: its name is
// typed), naorlo-db01-test (203, the migrate dialog only), naorlo-app01-test (202, guest snapshots, backup dialog).

test('stops a guest from the tree’s context menu after a confirmation naming where it is, then starts it again', async ({
  fleet,
  app,
}) => {
  const actions = new ActionsPage(fleet.page)
  const row = fleet.row('naorlo-db02 (VM 106)')
  await app.simulate('/clusters/ace-prod/guests/106/status', { status: 'running' })
  await expect(row).toHaveAttribute('data-state', 'running')
  await row.click({ button: 'right' })
  await expect(actions.menuItem('start')).toBeDisabled()
  await expect(actions.menuItem('start')).toContainText('L’invité est déjà démarré.')
  await expect(actions.menuItem('stop')).toContainText('Alt+Maj+X')
  await actions.menuItem('stop').click()

  const who = actions.identity()
  await expect(who).toHaveAttribute('data-site', 'Km4')
  await expect(who.locator('[data-part="site"]')).toHaveText('Km4')
  await expect(who.locator('[data-part="cluster"]')).toHaveText('cluster ace-prod')
  await expect(who.locator('[data-part="node"]')).toHaveText('nœud km4-pve1')
  await expect(who.locator('[data-part="name"]')).toHaveText('naorlo-db02')
  await expect(who.locator('[data-part="vmid"]')).toHaveText('VM 106')
  await expect(actions.dialog.getByTestId('action-consequence')).toContainText('débrancher la prise')
  // Tagged prod: the guard rails want its name typed before Stop does anything.
  const run = actions.dialog.getByTestId('action-confirm-run')
  await expect(run).toBeDisabled()
  await actions.dialog.getByLabel('Tapez naorlo-db02 pour confirmer').fill('naorlo-db0')
  await expect(run).toBeDisabled()
  await actions.dialog.getByLabel('Tapez naorlo-db02 pour confirmer').fill('naorlo-db02')
  await fleet.screenshot('guest-actions-confirm')
  // Enter in the typed name confirms (the name is right); the focus then goes back to the tree.
  await actions.dialog.getByLabel('Tapez naorlo-db02 pour confirmer').press('Enter')
  await expect(actions.dialog).toHaveCount(0)
  await expect(fleet.page.locator('[role="tree"].fleet-tree')).toBeFocused()
  await expect(actions.toast.first()).toContainText('Tâche lancée : arrêt de naorlo-db02 (106)')
  // vmids repeat across clusters: the toast names the cluster and the site too.
  await expect(actions.toast.first().getByTestId('action-toast-where')).toHaveAttribute('data-site', 'Km4')
  await expect(actions.toast.first()).toContainText('cluster ace-prod')
  await fleet.screenshot('guest-actions-toast')
  await expect(actions.toast.first().getByRole('button', { name: 'Voir la tâche' })).toBeVisible()
  // The task runs in the simulator; its end refreshes the tree at once.
  await expect(row).toHaveAttribute('data-state', 'stopped', { timeout: 20_000 })

  // Start again, from the details pane's bar: no confirmation for what loses nothing.
  await row.click()
  await expect(actions.button('stop')).toBeDisabled()
  await expect(actions.button('start')).toBeEnabled()
  await fleet.screenshot('guest-actions-bar-stopped')
  await actions.button('start').click()
  await expect(row).toHaveAttribute('data-state', 'running', { timeout: 20_000 })
  await expect(actions.button('start')).toBeDisabled()
})

test('the migrate dialog lists the other nodes with their load and site', async ({ fleet }) => {
  const actions = new ActionsPage(fleet.page)
  await fleet.row('naorlo-db01-test (VM 203)').click()
  await expect(actions.button('migrate')).toBeEnabled()
  // Its key, on the selected row of the tree (the button's tooltip names it too).
  await fleet.page.keyboard.press('Alt+Shift+M')
  const targets = actions.dialog.getByTestId('migrate-target')
  await expect(targets.first()).toBeVisible()
  // km4-pve2 is the guest's own node: not a target; km4-pve1 and vitib-pve1 are, each with CPU and memory bars.
  await expect(actions.dialog.locator('[data-node="km4-pve2"]')).toHaveCount(0)
  const km4 = actions.dialog.locator('[data-testid="migrate-target"][data-node="km4-pve1"]')
  await expect(km4).toContainText('Km4')
  await expect(km4).toContainText('en ligne')
  await expect(km4.getByRole('progressbar')).toHaveCount(2)
  await expect(actions.dialog.locator('[data-node="vitib-pve1"]')).toContainText('VITIB')
  await expect(actions.dialog.getByLabel('Migration à chaud')).toBeChecked()
  const run = actions.dialog.getByTestId('action-migrate-run')
  await expect(run).toBeDisabled()
  await km4.getByRole('radio').check()
  await fleet.screenshot('guest-actions-migrate')
  await actions.dialog.getByRole('button', { name: 'Annuler' }).click()
  await expect(actions.dialog).toHaveCount(0)
})

test('the backup dialog offers the node’s backup storages and explains the modes', async ({ fleet }) => {
  const actions = new ActionsPage(fleet.page)
  await fleet.row('naorlo-app01-test (VM 202)').click()
  await actions.button('backup').click()
  await expect(actions.dialog.getByTestId('backup-storage')).toBeVisible()
  await expect(actions.dialog.getByText('Sans interruption : l’invité continue de tourner.')).toBeVisible()
  await fleet.screenshot('guest-actions-backup')
  await actions.dialog.getByRole('button', { name: 'Annuler' }).click()
  await expect(actions.dialog).toHaveCount(0)
})

test('takes a guest snapshot, sees it in the tree above NOW, and deletes it after a confirmation', async ({
  fleet,
}) => {
  const actions = new ActionsPage(fleet.page)
  const name = `e2e-${Date.now().toString(36)}`
  await fleet.row('naorlo-app01-test (VM 202)').click()
  await actions.openSnapshots()
  await expect(actions.snapshots).toBeVisible()
  await actions.snapshots.getByTestId('snapshot-create').click()
  await actions.dialog.getByTestId('snapshot-name').fill('1-bad')
  await expect(actions.dialog.getByTestId('action-snapshot-run')).toBeDisabled()
  await actions.dialog.getByTestId('snapshot-name').fill(name)
  await actions.dialog.getByLabel('Description').fill('avant la mise à jour')
  await actions.dialog.getByTestId('action-snapshot-run').click()
  await expect(actions.dialog).toHaveCount(0)
  const row = actions.snapshotRow(name)
  await expect(row).toBeVisible({ timeout: 20_000 })
  // NOW runs from the new guest snapshot: it is drawn under it.
  await expect(row.locator('[data-snapshot="current"]')).toBeVisible({ timeout: 20_000 })
  await actions.snapshots.scrollIntoViewIfNeeded()
  await actions.page.mouse.move(0, 0)
  await fleet.screenshot('guest-actions-snapshots')
  await row.locator(':scope > div [data-action="snapshotDelete"]').first().click()
  await expect(actions.identity().locator('[data-part="name"]')).toHaveText('naorlo-app01-test')
  await expect(actions.dialog.getByTestId('action-consequence')).toContainText(name)
  await actions.dialog.getByTestId('action-confirm-run').click()
  await expect(actions.dialog).toHaveCount(0)
  await expect(actions.snapshotRow(name)).toHaveCount(0, { timeout: 20_000 })
})

test('the guard rails dialog opens from the action bar with PVE Desk’s defaults', async ({ fleet }) => {
  const actions = new ActionsPage(fleet.page)
  await fleet.row('naorlo-app01-test (VM 202)').click()
  await actions.bar.getByTestId('action-preferences-open').click()
  await expect(actions.dialog.getByTestId('preferences-tags')).toBeVisible()
  await expect(actions.dialog.getByText('prod', { exact: true })).toBeVisible()
  await expect(
    actions.dialog.getByLabel('Actions simultanées par cluster dans une action groupée'),
  ).toHaveValue('4')
  await fleet.screenshot('guest-actions-preferences')
  // Left as found: the demo is shared with the other specs.
  await actions.dialog.getByRole('button', { name: 'Annuler' }).click()
  await expect(actions.dialog).toHaveCount(0)
})

test('the action keys act only where the selected guest is in sight, and the focus comes back after a dialog', async ({
  fleet,
  app,
}) => {
  const actions = new ActionsPage(fleet.page)
  const tasks = new TasksPage(fleet.page)
  const tree = fleet.page.locator('[role="tree"].fleet-tree')
  await fleet.row('naorlo-app01-test (VM 202)').click()
  await expect(tree).toBeFocused()
  await fleet.page.keyboard.press('Alt+Shift+B')
  await expect(actions.dialog.getByTestId('backup-storage')).toBeVisible()
  await fleet.page.keyboard.press('Escape')
  await expect(actions.dialog).toHaveCount(0)
  // Back in the tree: its arrows and the action keys work again without a click.
  await expect(tree).toBeFocused()
  await fleet.page.keyboard.press('Alt+Shift+B')
  await expect(actions.dialog.getByTestId('backup-storage')).toBeVisible()
  await actions.dialog.getByRole('button', { name: 'Annuler' }).click()
  await expect(tree).toBeFocused()

  // A key's shutdown of a guard-railed guest (tagged prod) asks first, its name typed; Escape runs nothing.
  await app.simulate('/clusters/ace-prod/guests/106/status', { status: 'running' })
  const prod = fleet.row('naorlo-db02 (VM 106)')
  await expect(prod).toHaveAttribute('data-state', 'running')
  await prod.click()
  await fleet.page.keyboard.press('Alt+Shift+H')
  await expect(actions.dialog.getByTestId('action-guard-rail')).toBeVisible()
  await expect(actions.dialog.getByLabel('Tapez naorlo-db02 pour confirmer')).toBeFocused()
  await fleet.screenshot('guest-actions-key-guard-rail')
  await fleet.page.keyboard.press('Escape')
  await expect(actions.dialog).toHaveCount(0)
  await expect(tree).toBeFocused()
  await expect(prod).toHaveAttribute('data-state', 'running')
  await fleet.row('naorlo-app01-test (VM 202)').click()

  // In the task dock the same key does nothing: the guest it would act on is not where the user looks.
  await tasks.open()
  await tasks.dock.getByRole('radiogroup', { name: 'Quelles tâches' }).getByRole('radio').first().focus()
  await fleet.page.keyboard.press('Alt+Shift+B')
  await fleet.page.keyboard.press('Alt+Shift+N')
  await expect(actions.dialog).toHaveCount(0)
  // Left as found: the dock closed again.
  await tasks.button.click()
  await expect(tasks.table).toHaveCount(0)
})

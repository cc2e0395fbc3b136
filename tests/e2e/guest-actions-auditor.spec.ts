import type { Page } from '@playwright/test'

import { expect, test } from './fixtures'
import { ActionsPage } from './pages/actions-page'

// A demo of its own (only the DR site's standalone node), since the cluster's login changes here: nobody else
// shares this worker. French UI.
test.use({ seedClusters: 'yakro-pve1' })

async function editCluster(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Clusters' }).click()
  await page.getByRole('button', { name: 'Modifier' }).first().click()
}

test('an auditor sees every action disabled with the privilege named; lifting read-only asks for the password', async ({
  fleet,
  app,
}) => {
  const page = fleet.page
  const actions = new ActionsPage(page)
  const auditor = app.simulator
    .find((c) => c.id === 'yakro-pve1')
    ?.users.find((u) => u.username === 'auditor@pve')
  if (auditor === undefined) throw new Error('the simulator has no auditor@pve on yakro-pve1')

  // Log the cluster in as auditor@pve (PVEAuditor on /) instead of root@pam.
  await editCluster(page)
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: 'Suivant' }).click()
  await dialog.getByRole('textbox', { name: 'Domaine' }).click()
  await page.getByRole('option', { name: /^pve/ }).click()
  await dialog.getByRole('textbox', { name: 'Utilisateur' }).fill('auditor')
  await dialog.getByLabel('Mot de passe', { exact: true }).fill(auditor.password)
  await dialog.getByRole('button', { name: 'Tester la connexion' }).click()
  await expect(dialog.getByRole('status')).toContainText('Connecté')
  await dialog.getByRole('button', { name: 'Suivant' }).click()
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog.getByText('yakro-pve1', { exact: true }).first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)

  const row = fleet.row('pbs-yakro (VM 100)')
  await row.click()
  await expect(actions.bar).toBeVisible()
  for (const action of ['shutdown', 'stop', 'reboot', 'suspend'])
    await expect(actions.button(action)).toBeDisabled({ timeout: 10_000 })
  await expect(actions.button('migrate')).toBeDisabled()
  await actions.wrap('stop').hover()
  // The one shown now (the last one fades out a moment).
  await expect(
    page.getByRole('tooltip', { name: 'Privilège VM.PowerMgmt manquant sur /vms/100.' }),
  ).toBeVisible()
  await fleet.screenshot('guest-actions-auditor')
  await actions.wrap('backup').hover()
  // The one shown now (the last one fades out a moment).
  await expect(
    page.getByRole('tooltip', { name: 'Privilège VM.Backup manquant sur /vms/100.' }),
  ).toBeVisible()
  // The tree's context menu says the same under each item.
  await row.click({ button: 'right' })
  await expect(actions.menuItem('stop')).toBeDisabled()
  await expect(actions.menuItem('stop')).toContainText('Privilège VM.PowerMgmt manquant sur /vms/100.')
  await page.keyboard.press('Escape')

  // Read-only on needs nothing; lifting it again wants the password typed where it is lifted.
  await editCluster(page)
  await dialog.getByRole('button', { name: 'Suivant' }).click()
  await dialog.getByRole('button', { name: 'Suivant' }).click()
  await dialog.getByRole('switch', { name: /^Lecture seule/ }).check()
  await expect(dialog.getByTestId('read-only-rail')).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog.getByText('lecture seule', { exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Modifier' }).first().click()
  await dialog.getByRole('button', { name: 'Suivant' }).click()
  await dialog.getByRole('button', { name: 'Suivant' }).click()
  await dialog.getByRole('switch', { name: /^Lecture seule/ }).uncheck()
  const rail = dialog.getByTestId('read-only-rail')
  await expect(rail).toContainText('Retapez le mot de passe')
  const save = dialog.getByRole('button', { name: 'Enregistrer' })
  await expect(save).toBeDisabled()
  await fleet.screenshot('guest-actions-read-only-rail')
  await rail.getByLabel('Mot de passe').fill(auditor.password)
  await expect(save).toBeEnabled()
  await save.click()
  await expect(dialog.getByText('lecture seule', { exact: true })).toHaveCount(0)
  await page.keyboard.press('Escape')
})

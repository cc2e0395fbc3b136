import { totpCode } from '../pve-sim'
import { expect, test } from './fixtures'

// The demo starts with ace-prod only; the operator adds the DR site's standalone node through the UI.
test.use({ seedClusters: 'ace-prod' })

test('adds a cluster: checks its certificate, trusts its fingerprint, logs in, shows its guests', async ({
  fleet,
  app,
}) => {
  const yakro = app.simulator.find((c) => c.id === 'yakro-pve1')
  const endpoint = yakro?.endpoints[0]
  if (yakro === undefined || endpoint === undefined) throw new Error('the simulator has no yakro-pve1')
  const page = fleet.page
  await expect(fleet.row('Site Yamoussoukro')).toHaveCount(0)

  await page.getByRole('button', { name: 'Clusters' }).click()
  await page.getByRole('button', { name: 'Ajouter un cluster' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel(/^Points d’accès/).fill(endpoint.url.replace('https://', ''))
  await dialog.getByRole('button', { name: 'Vérifier les certificats' }).click()
  await expect(dialog.getByTestId('fingerprint')).toHaveText(endpoint.fingerprint)
  await expect(dialog.getByText('Auto-signé ou autorité inconnue')).toBeVisible()
  const next = dialog.getByRole('button', { name: 'Suivant' })
  await expect(next).toBeDisabled()

  const typed = dialog.getByLabel(/collez l’empreinte attendue/)
  await typed.fill(Array.from({ length: 32 }, () => 'AB').join(':'))
  await expect(dialog.getByText('Elle NE correspond PAS au certificat présenté.')).toBeVisible()
  await expect(next).toBeDisabled()
  await typed.fill(endpoint.fingerprint.toLowerCase().replaceAll(':', ''))
  await expect(dialog.getByText('Elle correspond au certificat.')).toBeVisible()
  await expect(dialog.getByRole('checkbox', { name: 'Je fais confiance à ce certificat' })).toBeChecked()
  await fleet.screenshot('add-cluster-certificate')
  await next.click()

  await dialog.getByRole('textbox', { name: 'Utilisateur' }).fill('root')
  await dialog.getByLabel('Mot de passe', { exact: true }).fill('wrong password')
  await dialog.getByRole('button', { name: 'Tester la connexion' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Échec de l’authentification')
  await dialog.getByLabel('Mot de passe', { exact: true }).fill(yakro.login.password)
  await dialog.getByRole('button', { name: 'Tester la connexion' }).click()
  await expect(dialog.getByRole('status')).toContainText('Connecté à Proxmox VE 8.4.1')
  await next.click()

  await expect(dialog.getByLabel('Nom affiché')).toHaveValue('yakro-pve1')
  await expect(dialog.getByLabel(/^Identifiant/)).toHaveValue('yakro-pve1')
  await dialog.getByLabel('Site de yakro-pve1').fill('Yamoussoukro')
  await fleet.screenshot('add-cluster-sites')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  // Back to the list of clusters, which now holds the new one with its password in the keychain.
  await expect(dialog.getByText('yakro-pve1', { exact: true }).first()).toBeVisible()
  await expect(dialog.getByText('mot de passe dans le trousseau')).toHaveCount(2)
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)

  // The tree renders only the rows in view: fold the two sites above so that the new one comes into view.
  for (const site of ['Site Km4', 'Site VITIB']) {
    await fleet.row(site).click()
    await page.keyboard.press('ArrowLeft')
  }
  await expect(fleet.row('Site Yamoussoukro')).toBeVisible()
  await expect(fleet.row('Cluster yakro-pve1, en ligne')).toBeVisible()
  await expect(fleet.row('pbs-yakro (VM 100), en marche')).toBeVisible()
})

test('a two-factor account: the password is accepted, then PVE Desk asks for the TOTP code', async ({
  fleet,
  app,
}) => {
  const yakro = app.simulator.find((c) => c.id === 'yakro-pve1')
  const secure = yakro?.users.find((u) => u.username === 'secure@pve')
  const endpoint = yakro?.endpoints[0]
  if (secure?.totpSecret === undefined || endpoint === undefined)
    throw new Error('the simulator has no secure@pve')
  const page = fleet.page
  await page.getByRole('button', { name: 'Clusters' }).click()
  await page.getByRole('button', { name: 'Ajouter un cluster' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel(/^Points d’accès/).fill(endpoint.url)
  await dialog.getByRole('button', { name: 'Vérifier les certificats' }).click()
  await dialog.getByRole('checkbox', { name: 'Je fais confiance à ce certificat' }).check()
  await dialog.getByRole('button', { name: 'Suivant' }).click()
  await dialog.getByRole('textbox', { name: 'Utilisateur' }).fill(secure.username)
  await dialog.getByLabel('Mot de passe', { exact: true }).fill(secure.password)
  await dialog.getByRole('button', { name: 'Tester la connexion' }).click()
  await expect(dialog.getByRole('status')).toContainText('Mot de passe accepté')
  await dialog.getByRole('button', { name: 'Suivant' }).click()
  await dialog.getByLabel('Nom affiché').fill('DR secure')
  await expect(dialog.getByLabel(/^Identifiant/)).toHaveValue('dr-secure')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog.getByText('DR secure', { exact: true })).toBeVisible()
  await page.keyboard.press('Escape')

  const tfa = page.getByRole('dialog', { name: 'Cluster DR secure' })
  await expect(tfa.getByText('Second facteur pour secure@pve')).toBeVisible()
  await fleet.screenshot('second-factor')
  await tfa.getByLabel('Code').fill(totpCode(secure.totpSecret, Date.now()))
  await tfa.getByRole('button', { name: 'Valider' }).click()
  await expect(tfa).toHaveCount(0)
  await expect(fleet.row('Cluster DR secure, en ligne')).toBeVisible()
})

import { expect, test } from './fixtures'

test('a changed certificate stops the endpoint until the operator compares and trusts the new one', async ({
  fleet,
  app,
}) => {
  const res = await fetch(`${app.control}/nodes/yakro-pve1/rotate-certificate`, {
    method: 'POST',
    body: '{}',
  })
  const { fingerprint: rotated } = (await res.json()) as { fingerprint: string }
  const old = app.simulator.find((c) => c.id === 'yakro-pve1')?.endpoints[0]?.fingerprint

  const cluster = fleet.row(/^Cluster yakro-pve1, erreur, périmé/)
  await expect(cluster).toBeVisible()
  await cluster.click()
  const main = fleet.page.getByRole('main')
  await expect(main.getByText(/^Le certificat de https:\/\/127\.0\.0\.1:\d+ a changé$/)).toBeVisible()
  await expect(main.getByTestId('fingerprint-old')).toHaveText(old ?? '')
  await expect(main.getByTestId('fingerprint-new')).toHaveText(rotated)
  // The guests stay readable, marked stale, while the endpoint is blocked.
  await expect(fleet.row('pbs-yakro (VM 100), en marche, périmé')).toHaveCount(1)
  await fleet.screenshot('certificate-changed')

  const trust = main.getByRole('button', { name: 'Faire confiance au nouveau certificat' })
  await expect(trust).toBeDisabled()
  await main.getByRole('checkbox', { name: 'Je fais confiance à ce certificat' }).check()
  await trust.click()
  await expect(fleet.row('Cluster yakro-pve1, en ligne')).toBeVisible()
})

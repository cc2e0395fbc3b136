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
  const yakro = app.simulator.find((c) => c.id === 'yakro-pve1')
  const old = yakro?.endpoints[0]?.fingerprint

  // The tree renders only the rows in view: narrow it to yakro-pve1's site.
  await fleet.search('pbs-yakro')
  const cluster = fleet.row(/^Cluster yakro-pve1, erreur, périmé, certificat changé : yakro-pve1$/)
  await expect(cluster).toBeVisible()
  await cluster.click()
  const main = fleet.page.getByRole('main')
  const panel = main.getByRole('alert', {
    name: /^Le certificat du nœud yakro-pve1 \(https:\/\/127\.0\.0\.1:\d+\) a changé$/,
  })
  await expect(panel).toBeVisible()
  await expect(panel.getByTestId('fingerprint-old')).toHaveText(old ?? '')
  await expect(panel.getByTestId('fingerprint-new')).toHaveText(rotated)
  // The guests stay readable, marked stale, while the endpoint is blocked.
  await expect(fleet.row('pbs-yakro (VM 100), en marche, périmé')).toHaveCount(1)
  await fleet.screenshot('certificate-changed')

  const trust = panel.getByRole('button', { name: 'Faire confiance au nouveau certificat' })
  await expect(trust).toBeDisabled()
  await panel.getByRole('checkbox', { name: 'Je fais confiance à ce certificat' }).check()
  // Re-pinning changes where the password goes: it is typed again, never taken from the keychain.
  await expect(trust).toBeDisabled()
  await panel.getByLabel(/^Mot de passe ou secret du jeton/).fill(yakro?.login.password ?? '')
  await trust.click()
  await expect(fleet.row(/^Cluster yakro-pve1, en ligne$/)).toBeVisible()
})

test('one node of three presents another certificate: named in the tree and the details, the cluster goes on through the others, re-pinned with the password', async ({
  fleet,
  app,
}) => {
  const ace = app.simulator.find((c) => c.id === 'ace-prod')
  const node = ace?.endpoints.find((e) => e.node === 'km4-pve1')
  const res = await fetch(`${app.control}/nodes/km4-pve1/rotate-certificate`, { method: 'POST', body: '{}' })
  const { fingerprint: rotated } = (await res.json()) as { fingerprint: string }

  // One row of ace-prod (site Km4) in view: once the search applies, VITIB's ace-prod row goes.
  await fleet.search('naorlo-app02-test')
  await expect(fleet.page.getByText('1 invité trouvé')).toBeVisible()
  // Online through km4-pve2 and vitib-pve1, and the tree says which node changed.
  const cluster = fleet.row(/^Cluster ace-prod, en ligne, certificat changé : km4-pve1$/)
  await expect(cluster).toBeVisible()
  await expect(cluster.getByTestId('certificate-changed')).toBeVisible()
  // The header's chip says it too, at a glance from anywhere in the tree.
  const chips = fleet.page.getByRole('list', { name: 'Cluster' })
  await expect(chips.getByRole('listitem').filter({ hasText: /^ace-prod/ })).toHaveText(
    'ace-prod · en ligne · certificat changé : km4-pve1',
  )
  // The data is live, not last-known: a guest started now shows as running.
  await app.simulate('/clusters/ace-prod/guests/204/status', { status: 'running' })
  await expect(fleet.row(/^naorlo-app02-test \(VM 204\), en marche$/)).toBeVisible()

  await cluster.click()
  const main = fleet.page.getByRole('main')
  const panel = main.getByRole('alert', {
    name: `Le certificat du nœud km4-pve1 (${node?.url ?? ''}) a changé`,
  })
  await expect(panel).toBeVisible()
  await expect(panel.getByText(/le cluster continue par ses autres nœuds/)).toBeVisible()
  await expect(panel.getByTestId('fingerprint-old')).toHaveText(node?.fingerprint ?? '')
  await expect(panel.getByTestId('fingerprint-new')).toHaveText(rotated)
  await fleet.screenshot('certificate-changed-one-node')

  const trust = panel.getByRole('button', { name: 'Faire confiance au nouveau certificat' })
  await panel.getByRole('checkbox', { name: 'Je fais confiance à ce certificat' }).check()
  await expect(trust).toBeDisabled()
  await panel.getByLabel(/^Mot de passe ou secret du jeton/).fill(ace?.login.password ?? '')
  await trust.click()
  await expect(fleet.row(/^Cluster ace-prod, en ligne$/)).toBeVisible()
  // The certificate's alert goes; the cluster panel's own (mixed versions in the demo) is not this test's.
  await expect(main.getByRole('alert', { name: /^Le certificat du nœud/ })).toHaveCount(0)
  await expect(chips.getByRole('listitem').filter({ hasText: /^ace-prod/ })).toHaveText('ace-prod · en ligne')
  await fleet.screenshot('certificate-re-pinned')
  await app.simulate('/clusters/ace-prod/guests/204/status', { status: 'stopped' })
})

test('a node that stops answering is named in the details while the others serve the cluster', async ({
  fleet,
  app,
}) => {
  await app.simulate('/nodes/vitib-pve1/stop')
  try {
    await fleet.search('naorlo-app02-test')
    const cluster = fleet.row(/^Cluster ace-prod, en ligne/)
    // The search narrows the tree to Km4 alone: wait for it, or VITIB's row of the same cluster matches too.
    await expect(cluster).toHaveCount(1)
    await cluster.click()
    const main = fleet.page.getByRole('main')
    // Retry now looks at every endpoint at once, not only the one serving.
    await main.getByRole('button', { name: 'Réessayer' }).click()
    const notice = main.getByRole('alert', {
      name: 'Nœuds qui ne répondent pas (les autres servent le cluster)',
    })
    await expect(notice).toContainText(
      /vitib-pve1 \(https:\/\/127\.0\.0\.1:\d+\) ne répond pas\. Dernière réponse : /,
    )
    await expect(cluster).toHaveAccessibleName(/^Cluster ace-prod, en ligne$/)
    await fleet.screenshot('endpoint-down')
    // Back: the next look at the endpoints clears the notice.
    await app.simulate('/nodes/vitib-pve1/start')
    await main.getByRole('button', { name: 'Réessayer' }).click()
    await expect(notice).toHaveCount(0)
  } finally {
    await app.simulate('/nodes/vitib-pve1/start')
  }
})

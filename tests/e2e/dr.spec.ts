import type { PveDeskApi } from '../../src/shared/ipc/api'
import { expect, test } from './fixtures'
import { DrPage } from './pages/dr-page'

// Guests this spec changes and gives back as found: naorlo-app02 (104, ace-prod), whose replication job 104-0 is
// broken through the simulator's control API and healed in a `finally`; the DR targets are tightened through
// « Objectifs » and put back as found in the same `finally`. The colour scheme is emulated for one screenshot and
// put back; no workspace preference changes.
const GUEST = { name: 'naorlo-app02', vmid: 104, job: '104-0' }

test('the DR view lists production guests with their levels; a broken replication turns red with its reason', async ({
  app,
  fleet,
  page,
}) => {
  test.setTimeout(120_000)
  const dr = new DrPage(page)
  await dr.open()
  // Main reads the clusters every minute; « Actualiser » reads them now.
  await dr.refresh()
  await expect(page.getByRole('button', { name: /^PRA/ })).toHaveAttribute('aria-pressed', 'true')
  // Production guests are rated (tag prod: replica 30 min, backup 24 h), each level in words.
  const row = dr.row(GUEST.name, GUEST.vmid)
  await expect(row).toBeVisible({ timeout: 30_000 })
  await expect(row).toContainText('objectif venant de tag:prod')
  await expect(dr.row('naorlo-web01', 101)).toBeVisible()
  await expect(row.locator('[data-level]').first()).toHaveText(/^(Vert|Orange|Rouge)$/)
  await fleet.screenshot('dr-matrix')

  const ace = app.simulator.find((c) => c.name === 'ace-prod')
  if (ace === undefined) throw new Error('no ace-prod in the simulator')
  const level = row.locator('[data-level]').first()
  const targets = await page.evaluate(async () => {
    const answer = await (window as unknown as { pveDesk?: PveDeskApi }).pveDesk?.drTargets({})
    return answer?.ok === true ? answer.value : undefined
  })
  expect(targets).toBeDefined()
  try {
    await app.simulate(`/replication/${ace.id}/${GUEST.job}/break`, { error: 'no space left on device' })
    await dr.refresh()
    // Failing while its last sync is still within the 30 min target: orange, with PVE's error text.
    await expect(row).toContainText(`Réplication ${GUEST.job} en échec`, { timeout: 30_000 })
    await expect(row).toContainText('no space left on device')
    await expect(level).toHaveText(/^(Orange|Rouge)$/)
    // A replica target of 1 minute: the last sync is now late, so the guest is red with both reasons.
    await page.getByTestId('dr-targets').click()
    const editor = page.getByTestId('dr-targets-editor')
    await editor.getByLabel('Réplica (minutes)').first().fill('1')
    await editor.getByTestId('dr-targets-save').click()
    await expect(editor).toBeHidden()
    await expect(level).toHaveText('Rouge', { timeout: 30_000 })
    await expect(row).toContainText(/Réplica en retard : \d+ min \(objectif 1 min\)/)
    await expect(page.getByTestId('dr-red-count')).toBeVisible()
    // The notification: U2's toast when mounted, the local history in any case.
    await expect
      .poll(async () =>
        page.evaluate(async () => {
          const history = await (window as unknown as { pveDesk?: PveDeskApi }).pveDesk?.drHistory({})
          return history?.ok === true ? history.value.map((a) => `${a.kind}:${a.subject}`) : []
        }),
      )
      .toEqual(expect.arrayContaining([expect.stringMatching(/^(replication-failed|replica-lag):.*104/)]))
    await fleet.screenshot('dr-matrix-red')
    await page.emulateMedia({ colorScheme: 'dark' })
    await fleet.screenshot('dr-matrix-red-dark')
  } finally {
    await page.emulateMedia({ colorScheme: null })
    await app.simulate(`/replication/${ace.id}/${GUEST.job}/heal`)
    if (targets !== undefined)
      await page.evaluate(async (t) => {
        await (window as unknown as { pveDesk?: PveDeskApi }).pveDesk?.drSetTargets({ targets: t })
      }, targets)
  }
  await dr.refresh()
  // Healed and the targets as found: the failure and the 1-minute lateness are gone.
  await expect(row).not.toContainText(`Réplication ${GUEST.job} en échec`, { timeout: 30_000 })
  await expect(row).not.toContainText('objectif 1 min')

  // A row click selects the guest in the tree and goes back to its details.
  await row.click()
  await expect(dr.view).toBeHidden()
  await expect(fleet.row(`${GUEST.name} (VM ${GUEST.vmid})`)).toHaveAttribute('aria-selected', 'true')
})

import { readFileSync, statSync } from 'node:fs'

import { expect, test } from './fixtures'
import { InventoryToolsPage } from './pages/inventory-tools-page'

// The audit story in the UI, in French (the demo's language): take an inventory snapshot with its progress,
// change the fleet, take a second one, compare them, land on a changed item, export the workbook and the report.

test.describe('inventory snapshots for audits', () => {
  test('take two, compare them, open a change, export XLSX and PDF', async ({ fleet, app, page }) => {
    test.setTimeout(120_000)
    const tools = new InventoryToolsPage(page)
    // yakro-pve1 accepts calls and never answers: its capture stays under way for as long as the test needs.
    await app.simulate('/faults', { node: 'yakro-pve1', hang: true })
    try {
      const progress = await tools.startCapture()
      await expect(progress.locator('[data-cluster="ace-prod"]')).toHaveAttribute(
        'data-state',
        /^(done|partial)$/,
      )
      await expect(progress.locator('[data-cluster="yakro-pve1"]')).toHaveAttribute('data-state', 'running')
      // Counts in French digits: "12 345 appels sur 40 000" (a narrow no-break space between thousands).
      await expect(page.getByTestId('capture-calls')).toHaveText(/^\d[\d\s]* appels sur \d[\d\s]*$/)
      await expect(tools.captureButton).toBeDisabled()
      await tools.screenshot('inventory-capture-progress')
      // Closing the dialog leaves the capture running; the header shows its progress and opens it again.
      await tools.dialog.getByRole('button', { name: 'Fermer', exact: true }).last().click()
      await expect(tools.progressButton).toBeVisible()
      await tools.screenshot('inventory-capture-header')
      await tools.progressButton.click()
      // Cancel asks nothing and writes nothing.
      await tools.dialog.getByRole('button', { name: 'Annuler' }).click()
      await expect(page.getByTestId('capture-end')).toHaveAttribute('data-outcome', 'cancelled')
      await expect(page.getByTestId('capture-end')).toContainText('aucun fichier n’a été écrit')
      await tools.dialog.getByRole('button', { name: 'Fermer', exact: true }).last().click()
    } finally {
      await app.simulate('/faults', { node: 'yakro-pve1', hang: false })
    }
    await expect(tools.captureButton).toBeEnabled()
    const first = await tools.takeSnapshotShowing('inventory-capture-written')
    expect(first).toMatch(/^pvedesk-inventory-\d{8}-\d{6}Z\.zip$/)

    // The fleet drifts: a guest stopped, another moved to the other Km4 node.
    await app.simulate('/clusters/ace-prod/guests/102/status', { status: 'stopped' })
    await app.simulate('/clusters/ace-prod/guests/201/move', { node: 'km4-pve1' })
    try {
      await expect(fleet.row('naorlo-web02 (VM 102)')).toHaveAttribute('data-state', 'stopped')
      // Taken within the same second, it still gets a name of its own.
      const second = await tools.takeSnapshotShowing()
      expect(second).not.toBe(first)

      // Compare the two newest: the older is `from`, the newer `to`.
      await page.getByRole('button', { name: 'Instantanés d’inventaire' }).click()
      await page.getByRole('button', { name: 'Comparer…' }).click()
      const diff = page.getByRole('dialog', { name: 'Comparer deux instantanés d’inventaire' })
      await expect(diff.getByTestId('diff-summary')).toBeVisible()
      // The newer chosen as "from": pointed out, and swapped back with one click.
      await diff.getByRole('textbox', { name: 'Le plus ancien (de)' }).click()
      await page.getByRole('option', { name: second }).click()
      await diff.getByRole('textbox', { name: 'Le plus récent (à)' }).click()
      await page.getByRole('option', { name: first }).click()
      await expect(diff.getByTestId('diff-reversed')).toBeVisible()
      await expect(diff.getByTestId('diff-reversed')).toContainText(
        'les ajouts se liraient comme des retraits',
      )
      await tools.screenshot('inventory-diff-reversed')
      await diff.getByRole('button', { name: 'Les inverser' }).click()
      await expect(diff.getByTestId('diff-reversed')).toHaveCount(0)
      await expect(diff.getByRole('textbox', { name: 'Le plus récent (à)' })).toHaveValue(new RegExp(second))
      await expect(diff.getByTestId('diff-summary')).toBeVisible()
      const guests = diff.getByRole('group', { name: 'Catégorie' }).getByText(/^Invités \d+$/)
      await guests.click()
      const rows = tools.diffRows()
      await expect(rows.first()).toBeVisible()
      const shown = await rows.evaluateAll((list) =>
        list.map((r) => ({
          key: r.getAttribute('data-key'),
          kind: r.getAttribute('data-kind'),
          text: r.textContent,
        })),
      )
      expect(shown).toEqual([
        expect.objectContaining({ key: 'ace-prod/qemu/102', kind: 'changed' }),
        expect.objectContaining({ key: 'ace-prod/qemu/201', kind: 'moved' }),
      ])
      expect(shown[0]?.text).toContain('running → stopped')
      expect(shown[1]?.text).toContain('km4-pve2 → km4-pve1')
      // The kind chips count what they would show among the guests: nothing was added or removed.
      const kinds = diff.getByRole('group', { name: 'Nature' })
      await expect(kinds.getByText(/^déplacé \d+$/)).toHaveText(/^déplacé [1-9]\d*$/)
      await expect(kinds.getByText(/^retiré \d+$/)).toHaveText('retiré 0')
      await tools.screenshot('inventory-diff')
      // Nothing else drifted: every other change (HA's view of the stopped guest…) is about those two guests.
      await guests.click()
      const subjects = await rows.evaluateAll((list) =>
        list.map((r) => r.querySelector('[role="cell"]')?.textContent ?? ''),
      )
      expect(subjects.length).toBeGreaterThanOrEqual(2)
      for (const subject of subjects) expect(subject).toMatch(/(^|\D)(102|201)(\D|$)/)
      await guests.click()

      // A change links to its item: the newer inventory snapshot opens, read-only, on that guest.
      await rows.nth(1).getByRole('button').click()
      const banner = page.getByTestId('offline-banner')
      await expect(banner).toBeVisible()
      await expect(fleet.tree.locator('[role="treeitem"][aria-selected="true"]')).toContainText(
        'naorlo-web01-test',
      )
      // Nothing covers the details pane: no toast is left over the opened file.
      await expect(page.getByTestId('capture-toasts')).toHaveCount(0)
      await tools.screenshot('inventory-diff-opened')
      // While a file is shown, taking an inventory snapshot still reads the live fleet: its tooltip says so.
      await tools.captureButton.hover()
      await expect(page.getByRole('tooltip')).toContainText('du parc en direct')
      await tools.screenshot('inventory-capture-live-hint')
      await page.mouse.move(0, 0)

      // Exports from the banner: the browser host writes them into <home>/exports/.
      for (const [label, magic] of [
        ['Classeur Excel (XLSX)', 'PK'],
        ['Rapport PDF', '%PDF'],
      ] as const) {
        await banner.getByRole('button', { name: 'Exporter cet instantané d’inventaire' }).click()
        await page.getByRole('menuitem', { name: label }).click()
        const outcome = page.getByTestId('export-outcome')
        await expect(outcome).toHaveAttribute('data-outcome', 'written', { timeout: 30_000 })
        const path = (await outcome.getByTestId('copy-value').textContent()) ?? ''
        expect(path).toMatch(/\/exports\/[^/]+$/)
        expect(statSync(path).size).toBeGreaterThan(100)
        expect(readFileSync(path).subarray(0, magic.length).toString('latin1')).toBe(magic)
        await tools.screenshot(`inventory-export-${magic === 'PK' ? 'xlsx' : 'pdf'}`)
        await page.getByRole('dialog').getByRole('button', { name: 'Fermer', exact: true }).last().click()
        await expect(outcome).toHaveCount(0)
      }
      await banner.getByRole('button', { name: 'Revenir au parc en direct' }).click()
      await expect(banner).toHaveCount(0)
    } finally {
      await app.simulate('/clusters/ace-prod/guests/201/move', { node: 'km4-pve2' })
      await app.simulate('/clusters/ace-prod/guests/102/status', { status: 'running' })
    }
  })
})

test.describe('the signing key and the schedule', () => {
  test('show the key with the auditor’s commands, and save a daily schedule', async ({ fleet, page }) => {
    const tools = new InventoryToolsPage(fleet.page)
    await page.getByRole('button', { name: 'Instantanés d’inventaire' }).click()
    await page.getByRole('button', { name: 'Clé de signature…' }).click()
    const key = page.getByRole('dialog', { name: 'Clé de signature de cette installation' })
    const values = key.getByTestId('copy-value')
    await expect(values.first()).toHaveText(/^ssh-ed25519 AAAA\S+ pvedesk-inventory@/)
    await expect(values.nth(1)).toHaveText(/^SHA256:\S{43}$/)
    await expect(values.nth(2)).toHaveText(/^pvedesk namespaces="pvedesk-inventory" ssh-ed25519 AAAA\S+$/)
    await expect(values.nth(4)).toHaveText(
      'ssh-keygen -Y verify -f allowed_signers -I pvedesk -n pvedesk-inventory -s inventory.json.sig < inventory.json',
    )
    await tools.screenshot('inventory-signing-key')
    await key.getByRole('button', { name: 'Fermer', exact: true }).last().click()

    await page.getByRole('button', { name: 'Planifier…' }).click()
    const schedule = page.getByRole('dialog', { name: 'Instantanés d’inventaire planifiés' })
    const enabled = schedule.getByLabel('Prendre un instantané d’inventaire chaque jour')
    const wasOn = await enabled.isChecked()
    await schedule.getByLabel('Heure (sur 24 h, locale)').fill('25:00')
    await schedule.getByRole('button', { name: 'Enregistrer' }).click()
    await expect(schedule.getByText('Saisissez une heure HH:MM, de 00:00 à 23:59.')).toBeVisible()
    await schedule.getByLabel('Heure (sur 24 h, locale)').fill('03:15')
    await schedule.getByLabel('Fichiers planifiés à garder').fill('7')
    if (!wasOn) await enabled.check({ force: true })
    await schedule.getByRole('button', { name: 'Enregistrer' }).click()
    await expect(schedule.getByRole('status')).toHaveText('Enregistré.')
    await expect(schedule.getByTestId('schedule-runs')).not.toContainText('aucune (désactivé)')
    await tools.screenshot('inventory-schedule')
    // Back as it was, so that no scheduled capture runs into the other tests.
    await enabled.uncheck({ force: true })
    await schedule.getByRole('button', { name: 'Enregistrer' }).click()
    await expect(schedule.getByTestId('schedule-runs')).toContainText('aucune (désactivé)')
  })
})

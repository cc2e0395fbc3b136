import { expect, test } from './fixtures'
import { GuestPanelPage } from './pages/guest-panel-page'
import { LookPage } from './pages/look-page'

// Read-only: nothing here changes the simulator. Guests looked at: naorlo-web01 (101, running, notes),
// 104 (pending changes), sandbox-debian (210, hostile notes). The dark-theme look puts the theme back in a `finally`.

test.describe('the guest panel', () => {
  test('a running guest’s charts are drawn with data, and every tab opens with its content', async ({
    fleet,
  }) => {
    const panel = new GuestPanelPage(fleet.page)
    await fleet.row('naorlo-web01 (VM 101)').click()
    await expect(panel.panel).toBeVisible()
    const cpu = panel.chart('chart-cpu')
    await expect(cpu.locator('canvas')).toBeVisible()
    // The accessible summary names the peak of the hour: data reached the chart.
    await expect(cpu.getByRole('img')).toHaveAttribute('aria-label', /^CPU, dernière heure, max \d/)
    await expect(panel.chart('chart-memory').getByRole('img')).toHaveAttribute('aria-label', /max \d/)
    await expect(panel.chart('chart-network').locator('canvas')).toBeVisible()
    await cpu.scrollIntoViewIfNeeded()
    await fleet.screenshot('guest-panel-summary')

    const timeframe = fleet.page.getByLabel('Période', { exact: true })
    await timeframe.getByText('Semaine', { exact: true }).click()
    await expect(cpu.getByRole('img')).toHaveAttribute('aria-label', /dernière semaine/)
    await timeframe.getByText('Heure', { exact: true }).click()

    await panel.openTab('Matériel')
    await expect(fleet.page.getByTestId('guest-disks')).toBeVisible()
    await expect(fleet.page.getByTestId('guest-nics')).toContainText('vmbr0')
    await fleet.screenshot('guest-panel-hardware')
    await panel.openTab('Options')
    await expect(fleet.page.getByTestId('guest-options-entries')).toBeVisible()
    await panel.openTab('Sauvegardes')
    await expect(fleet.page.getByTestId('guest-backups')).toContainText(/il y a \d+/)
    await fleet.screenshot('guest-panel-backups')
    for (const [tab, id] of [
      ['Réplication', 'guest-replication'],
      ['HA', 'guest-ha'],
      ['Pare-feu', 'guest-firewall'],
      ['Tâches', 'guest-tasks'],
    ] as const) {
      await panel.openTab(tab)
      await expect(fleet.page.getByTestId(id)).toBeVisible()
      await expect(fleet.page.getByTestId(id).locator('.mantine-Skeleton-root')).toHaveCount(0)
      await fleet.screenshot(`guest-panel-${id.slice('guest-'.length)}`)
    }
    await panel.openTab('Notes')
    await expect(panel.notes.locator('h1')).toHaveText('naorlo-web01')
    await fleet.screenshot('guest-panel-notes')
    await panel.openTab('Résumé')
  })

  test('pending changes are highlighted until the next start', async ({ fleet }) => {
    const panel = new GuestPanelPage(fleet.page)
    await fleet.guest('', 104).first().click()
    await panel.openTab('Matériel')
    await expect(panel.entry('net1').locator('[data-pending]')).toBeVisible()
    await expect(panel.entry('numa').locator('[data-pending="delete"]')).toBeVisible()
    await expect(fleet.page.getByText('En attente : appliqué au prochain démarrage').first()).toBeVisible()
    await fleet.screenshot('guest-panel-pending')
    await panel.openTab('Résumé')
  })

  test('hostile notes are rendered inert: no script runs, no javascript: link, no frame', async ({
    fleet,
  }) => {
    const panel = new GuestPanelPage(fleet.page)
    const dialogs: string[] = []
    fleet.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    const errors: string[] = []
    fleet.page.on('pageerror', (error) => errors.push(error.message))
    await fleet.row('sandbox-debian (VM 210)').click()
    await fleet.screenshot('guest-panel-hostile-summary')
    await panel.openTab('Notes')
    await expect(panel.notes.locator('h1')).toHaveText('Sandbox')
    await expect(panel.notes).toContainText('Plain text after the attacks.')
    await expect(panel.notes.locator('script, iframe, [onerror]')).toHaveCount(0)
    await expect(panel.notes.locator('a[href^="javascript"]')).toHaveCount(0)
    // As PVE shows them: the script is text the reader sees.
    await expect(panel.notes).toContainText('<script>alert(1)</script>')
    await panel.notes.getByText('click').click()
    await fleet.screenshot('guest-panel-hostile-notes')
    expect(dialogs).toEqual([])
    expect(errors).toEqual([])
    await panel.openTab('Résumé')
  })

  test('in the dark theme, the charts stay legible', async ({ fleet }) => {
    const look = new LookPage(fleet.page)
    const panel = new GuestPanelPage(fleet.page)
    try {
      await fleet.row('naorlo-web01 (VM 101)').click()
      await look.choose('theme', 'dark')
      await expect(panel.chart('chart-cpu').locator('canvas')).toBeVisible()
      await panel.chart('chart-cpu').scrollIntoViewIfNeeded()
      await fleet.screenshot('guest-panel-summary-dark')
    } finally {
      await look.choose('theme', 'system')
    }
  })
})

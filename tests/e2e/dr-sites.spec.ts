import type { DemoApp } from './fixtures'
import { expect, test } from './fixtures'
import { DrSitesPage } from './pages/dr-sites-page'
import { LookPage } from './pages/look-page'

// This spec takes ace-prod's quorum away through the simulator's control API and gives it back in a finally; it
// changes no guest. The theme goes to dark once and back to the system's.

const aceProd = (app: DemoApp): string => {
  const ace = app.simulator.find((c) => c.name === 'ace-prod')
  if (ace === undefined) throw new Error('no ace-prod in the simulator')
  return ace.id
}

test('the Sites segment: one card per site, each with its level in words and its figures', async ({
  fleet,
}) => {
  const dr = new DrSitesPage(fleet.page)
  try {
    await dr.open()
    await expect(dr.cards).toHaveCount(3)
    for (const site of ['Km4', 'VITIB', 'Yamoussoukro']) {
      const card = dr.card(site)
      await expect(card).toBeVisible()
      await expect(card.getByTestId('dr-site-level')).toHaveText(/^(Sain|À surveiller|En défaut)$/)
      await expect(card.getByTestId('dr-site-contact')).toHaveText(/^il y a /)
    }
    await expect(dr.card('Km4').getByTestId('dr-site-cluster').first()).toContainText('quorum atteint')
    await fleet.screenshot('dr-sites')
  } finally {
    await dr.close()
  }
})

test('ace-prod loses its quorum: Km4 and VITIB turn red « quorum perdu », a DR toast says it; back after', async ({
  app,
  fleet,
}) => {
  const dr = new DrSitesPage(fleet.page)
  const cluster = aceProd(app)
  try {
    await dr.open()
    await expect(dr.cards).toHaveCount(3)
    // open() refreshed: what the service had not read yet is settled, so the next alerts are this spec's alone.
    await dr.dismissToasts()
    await app.simulate(`/clusters/${cluster}/quorum`, { quorate: false })
    await dr.refresh()
    for (const site of ['Km4', 'VITIB']) {
      const card = dr.card(site)
      await expect(card).toHaveAttribute('data-level', 'red')
      await expect(card.getByTestId('dr-site-level')).toHaveText('En défaut')
      await expect(card.getByTestId('dr-site-problems')).toContainText(/Quorum perdu sur /)
      await expect(card.getByTestId('dr-site-cluster').first()).toContainText('quorum perdu')
    }
    const toast = dr.toasts.filter({ hasText: /quorum perdu sur/ }).first()
    await expect(toast).toBeVisible()
    await expect(toast).toHaveAttribute('data-phase', 'raised')
    await fleet.screenshot('dr-sites-quorum-lost')
  } finally {
    await app.simulate(`/clusters/${cluster}/quorum`, { quorate: true })
  }
  try {
    await dr.refresh()
    // Km4 keeps the demo's own amber problems (a certificate near its end): only the quorum's is gone.
    await expect(dr.card('Km4')).not.toHaveAttribute('data-level', 'red')
    await expect(dr.card('Km4')).not.toContainText('Quorum perdu')
    await expect(dr.toasts.filter({ hasText: /quorum rétabli sur/ }).first()).toBeVisible()
    // The history keeps both, newest first.
    await fleet.page.getByTestId('dr-history-open').click()
    await expect(dr.history).toBeVisible()
    const list = dr.history.getByTestId('dr-history-list')
    await expect(list.locator('li[data-kind="quorum-lost"]').first()).toHaveAttribute('data-phase', 'cleared')
    await fleet.page.keyboard.press('Escape')
    await expect(dr.history).toBeHidden()
  } finally {
    await dr.dismissToasts()
    await dr.close()
  }
})

test('the wall: every site full-window, a clock, light and dark; Esc leaves it', async ({ fleet }) => {
  const dr = new DrSitesPage(fleet.page)
  const look = new LookPage(fleet.page)
  try {
    await dr.open()
    await fleet.page.getByTestId('dr-wall-open').click()
    await expect(dr.wall).toBeVisible()
    await expect(dr.wall.getByTestId('dr-site-card')).toHaveCount(3)
    await expect(dr.wall.getByTestId('dr-wall-clock')).toHaveText(/\d\d:\d\d:\d\d/)
    await expect(dr.wall.getByTestId('dr-wall-updated')).toHaveText(/^mis à jour il y a /)
    await expect(fleet.page.getByTestId('dr-wall-leave')).toBeFocused()
    await fleet.screenshot('dr-wall-light')
    await fleet.page.keyboard.press('Escape')
    await expect(dr.wall).toBeHidden()

    await look.choose('theme', 'dark')
    await fleet.page.getByTestId('dr-wall-open').click()
    await expect(dr.wall).toBeVisible()
    await fleet.screenshot('dr-wall-dark')
    await dr.wall.getByTestId('dr-wall-leave').click()
    await expect(dr.wall).toBeHidden()
    await fleet.screenshot('dr-sites-dark')
  } finally {
    await dr.close()
    await look.choose('theme', 'system')
  }
})

import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

/** The task dock as a user sees it (French UI): the header's button, the dock, its table, a task's log, toasts. */
export class TasksPage {
  readonly button: Locator
  readonly dock: Locator
  readonly table: Locator
  readonly log: Locator
  readonly toasts: Locator
  readonly announcer: Locator

  constructor(readonly page: Page) {
    this.button = page.getByTestId('tasks-button')
    this.dock = page.getByRole('region', { name: 'Panneau des tâches' })
    this.table = this.dock.getByRole('table', { name: 'Tâches de tous les clusters' })
    this.log = this.dock.getByRole('region', { name: 'Journal de la tâche' })
    this.toasts = page.getByTestId('task-toast')
    this.announcer = page.getByRole('status', { name: 'Avis des tâches' })
  }

  /** Opens the dock (the header's button), unless it already is. */
  async open(): Promise<void> {
    if ((await this.button.getAttribute('aria-pressed')) !== 'true') await this.button.click()
    await expect(this.table).toBeVisible()
  }

  /** Rows whose text holds all of these parts (a guest label, a type in words, a user). */
  row(...parts: string[]): Locator {
    let rows = this.table.locator('[role="row"][data-task-key]')
    for (const part of parts) rows = rows.filter({ hasText: part })
    return rows
  }

  async view(name: 'En cours' | 'Récentes' | 'En échec'): Promise<void> {
    await this.dock
      .getByRole('radiogroup', { name: 'Quelles tâches' })
      .getByText(name, { exact: true })
      .click()
  }

  /** A filter of the dock's bar by its label, set to an option by its text (an empty text clears it). */
  async filter(label: string, option: string): Promise<void> {
    const input = this.dock.getByRole('group', { name: 'Filtres' }).getByPlaceholder(label, { exact: true })
    await input.click()
    await this.page.getByRole('option', { name: option, exact: true }).click()
  }
}

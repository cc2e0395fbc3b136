import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

type Envelope = { ok: boolean; value?: unknown }
interface WorkspaceApi {
  workspaceGet(request: object): Promise<Envelope>
  workspaceSet(request: { preferences: unknown }): Promise<Envelope>
}

/** The view switcher above the tree (grouping, saved views, folders) and the views' dialogs, in French. */
export class ViewsPage {
  readonly grouping: Locator
  readonly tree: Locator

  constructor(readonly page: Page) {
    this.grouping = page.getByRole('combobox', { name: 'Regrouper l’arbre' })
    this.tree = page.getByRole('tree')
  }

  /** Chooses a grouping by its French label (`Par étiquette`); `value` is the grouping's own word. */
  async groupBy(label: string): Promise<void> {
    await this.grouping.selectOption({ label })
    await expect(this.grouping.locator('option:checked')).toHaveText(label)
  }

  /** A group row by its accessible name's start (`Étiquette naorlo`, `Pool infra`, `Groupe Sans pool`). */
  group(name: string): Locator {
    return this.tree.locator(
      `[role="treeitem"][data-kind="group"][aria-label^="${name.replace(/"/g, '\\"')},"]`,
    )
  }

  /** Searches, then leaves the search box (its suggestions close) for the tree. */
  async search(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Rechercher des invités' }).fill(text)
    await this.tree.focus()
  }

  /**
   * Scrolls the tree to its first row. The tree keeps the selected row in view, and makes only the rows on screen:
   * once a search is cleared, a group on top may not be drawn at all.
   */
  async scrollToTop(): Promise<void> {
    await this.tree.evaluate((tree) => {
      tree.scrollTop = 0
    })
  }

  /**
   * The guest rows under a group row that the tree draws once that row is scrolled to the top (the tree makes
   * only the rows on screen).
   */
  async guestsUnder(groupName: string): Promise<string[]> {
    const row = this.group(groupName)
    const id = await row.getAttribute('id')
    if (id === null) return []
    await row.evaluate((element) => {
      const top = Number(/translateY\(([\d.]+)px\)/.exec((element as HTMLElement).style.transform)?.[1] ?? 0)
      const tree = element.closest('[role="tree"]')
      if (tree !== null) tree.scrollTop = top
    })
    await expect(row).toBeInViewport()
    const parent = id.slice('tree-row-'.length)
    return this.tree
      .locator('[role="treeitem"][data-kind="guest"]')
      .evaluateAll(
        (rows, p) =>
          rows
            .filter((r) => r.id.startsWith(`tree-row-${p}/`))
            .map((r) => r.getAttribute('aria-label') ?? ''),
        parent,
      )
  }

  async createFolder(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Dossiers…' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'Mes dossiers' })
    await dialog.getByTestId('new-folder-name').fill(name)
    await dialog.getByTestId('new-folder-name').press('Enter')
    await expect(dialog.getByTestId('folder-entry')).toHaveCount(1)
    await this.page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
  }

  async saveView(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Vues enregistrées' }).click()
    await this.page.getByRole('menuitem', { name: 'Enregistrer cette vue…' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'Enregistrer la recherche et le regroupement' })
    await dialog.getByTestId('save-view-name').fill(name)
    await dialog.getByTestId('save-view-name').press('Enter')
    await expect(dialog).toBeHidden()
  }

  async openView(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Vues enregistrées' }).click()
    await this.page.getByRole('menuitem', { name: new RegExp(`^${escape(name)}`) }).click()
  }

  /** The workspace as main keeps it (to put it back at the end). */
  workspace(): Promise<unknown> {
    return this.page.evaluate(async () => {
      const api = (window as unknown as { pveDesk: WorkspaceApi }).pveDesk
      return (await api.workspaceGet({})).value
    })
  }

  /**
   * Writes the workspace back as it was. The window is reloaded first: no write of its own queued behind (the
   * workspace store writes behind each change) can land after this one.
   */
  async restore(preferences: unknown): Promise<void> {
    await this.page.reload()
    await expect(this.page.locator('main[data-ready="true"]')).toBeVisible()
    await this.page.evaluate(async (p) => {
      const api = (window as unknown as { pveDesk: WorkspaceApi }).pveDesk
      const done = await api.workspaceSet({ preferences: p })
      if (!done.ok) throw new Error('workspace not restored')
    }, preferences)
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

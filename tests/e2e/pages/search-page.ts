import type { Download, Locator, Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'

/** The header's search as a user works it: the box and its suggestions, the CSV export, the command palette. */
export class SearchPage {
  readonly box: Locator
  readonly suggestions: Locator
  readonly problems: Locator
  readonly palette: Locator

  constructor(readonly page: Page) {
    this.box = page.getByRole('textbox', { name: 'Rechercher des invités' })
    this.suggestions = page.getByRole('listbox', { name: 'Suggestions' })
    this.problems = page.getByTestId('search-problems')
    this.palette = page.getByRole('textbox', { name: 'Palette de commandes' })
  }

  /** Types key by key, as an operator does (the suggestions open on typed keys). */
  async type(text: string): Promise<void> {
    await this.box.click()
    await this.box.press('Control+a')
    await this.box.press('Delete')
    await this.box.pressSequentially(text)
  }

  async clear(): Promise<void> {
    await this.box.fill('')
  }

  suggestion(label: string): Locator {
    return this.suggestions.getByRole('option', { name: new RegExp(`^${label}\\b`) })
  }

  /** Clicks the CSV button and reads the file it downloads: its name and its text (BOM kept). */
  async exportCsv(): Promise<{ name: string; text: string }> {
    const downloaded: Promise<Download> = this.page.waitForEvent('download')
    await this.page.getByTestId('export-csv').click()
    const download = await downloaded
    const path = await download.path()
    return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') }
  }

  /** The palette's entries by their accessible name. */
  entry(name: string | RegExp): Locator {
    return this.page.getByRole('dialog').getByRole('button', { name })
  }
}

/** RFC 4180 lines of a CSV without quotes inside a field's line breaks (ours has none): fields split on commas. */
export function csvLines(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => {
      const out: string[] = []
      let field = ''
      let quoted = false
      for (let i = 0; i < l.length; i++) {
        const c = l.charAt(i)
        if (quoted) {
          if (c === '"' && l[i + 1] === '"') {
            field += '"'
            i++
          } else if (c === '"') quoted = false
          else field += c
        } else if (c === '"') quoted = true
        else if (c === ',') {
          out.push(field)
          field = ''
        } else field += c
      }
      out.push(field)
      return out
    })
}

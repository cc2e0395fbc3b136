import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'

type Field = 'language' | 'theme' | 'density'

/** The header's look menu (language, theme, row height) and the keyboard shortcuts overlay. */
export class LookPage {
  readonly menuButton: Locator
  readonly overlay: Locator

  constructor(readonly page: Page) {
    this.menuButton = page.getByTestId('look-menu')
    this.overlay = page.getByRole('dialog', { name: /^(Raccourcis clavier|Keyboard shortcuts)$/ })
  }

  /** Picks a value in the menu (opened if shut), then closes it with Esc, as a keyboard user would. */
  async choose(field: Field, value: string): Promise<void> {
    const item = this.page.getByTestId(`look-${field}-${value}`)
    if (!(await item.isVisible())) await this.menuButton.click()
    await item.click()
    await expect(item).toHaveAttribute('aria-checked', 'true')
    await this.page.keyboard.press('Escape')
    await expect(item).toBeHidden()
  }

  /** Back to what every spec expects: the system's language and theme, comfortable rows. */
  async reset(): Promise<void> {
    await this.choose('language', 'system')
    await this.choose('theme', 'system')
    await this.choose('density', 'comfortable')
  }

  colorScheme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-mantine-color-scheme')
  }

  /** WCAG contrast ratio of an element's text colour over the first opaque background behind it. */
  contrastOf(locator: Locator): Promise<number> {
    return locator.evaluate((element) => {
      const rgb = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number)
      let node: Element | null = element
      let background = [255, 255, 255]
      while (node !== null) {
        const [r = 0, g = 0, b = 0, a = 1] = rgb(getComputedStyle(node).backgroundColor)
        if (a > 0.5) {
          background = [r, g, b]
          break
        }
        node = node.parentElement
      }
      const lum = ([r = 0, g = 0, b = 0]: number[]): number => {
        const c = [r, g, b].map((v) => {
          const s = v / 255
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
        })
        return 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0)
      }
      const [l1, l2] = [lum(rgb(getComputedStyle(element).color)), lum(background)].sort((x, y) => y - x)
      return ((l1 ?? 0) + 0.05) / ((l2 ?? 0) + 0.05)
    })
  }
}

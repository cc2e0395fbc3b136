import i18next from 'i18next'

export { resolveLanguage } from '../../i18n'

/**
 * Switches the UI at once: i18next (every `useTranslation` re-renders, and the formatters of lib/format.ts take
 * `i18n.language`, so dates, numbers and sizes follow) and the document's `lang` (screen readers, hyphenation).
 */
export async function applyLanguage(language: 'fr' | 'en'): Promise<void> {
  if (i18next.language !== language) await i18next.changeLanguage(language)
  document.documentElement.lang = language
}

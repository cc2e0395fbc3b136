import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'

import type { LanguageChoice } from '../../../shared/model/workspace'
import { en } from './en'
import { fr } from './fr'

/** French for French-speaking systems (the NOC's first language), English otherwise. */
export const languageFor = (locale: string): 'fr' | 'en' =>
  locale.toLowerCase().startsWith('fr') ? 'fr' : 'en'

/** The UI's language for the operator's choice: `system` is the system locale main reported. */
export const resolveLanguage = (choice: LanguageChoice, systemLocale: string): 'fr' | 'en' =>
  choice === 'system' ? languageFor(systemLocale) : choice

export async function initI18n(locale: string): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr } },
    lng: languageFor(locale),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  document.documentElement.lang = i18next.language
  return i18next
}

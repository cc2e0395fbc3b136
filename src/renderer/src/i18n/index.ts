import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'

import { en } from './en'
import { fr } from './fr'

/** French for French-speaking systems (the NOC's first language), English otherwise. */
export const languageFor = (locale: string): 'fr' | 'en' =>
  locale.toLowerCase().startsWith('fr') ? 'fr' : 'en'

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

import { Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

/** What the pane says when nothing is selected, or when the selected item went away. */
export function NoDetails(): ReactElement {
  const { t } = useTranslation()
  return <Text c="dimmed">{t('details.empty')}</Text>
}

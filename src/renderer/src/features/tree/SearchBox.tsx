import { TextInput } from '@mantine/core'
import { Search } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useUiStore } from '../../stores/ui-store'

/**
 * The search box over the tree. Uncontrolled, and its own component: a keystroke renders the tree, not the box
 * nor the window (the store follows the box; nothing else sets the search).
 */
export function SearchBox(): ReactElement {
  const { t } = useTranslation()
  const setFilter = useUiStore((s) => s.setFilter)
  return (
    <TextInput
      aria-label={t('search.label')}
      placeholder={t('search.placeholder')}
      leftSection={<Search size={14} aria-hidden="true" />}
      defaultValue={useUiStore.getState().filter}
      onChange={(e) => {
        setFilter(e.currentTarget.value)
      }}
      w={360}
      size="xs"
    />
  )
}

import { TextInput } from '@mantine/core'
import { Search } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

import { useUiStore } from '../../stores/ui-store'

/**
 * The search box over the tree. Uncontrolled, and its own component: a keystroke renders the tree, not the box
 * nor the window (the store follows the box). Going back from an inventory snapshot puts the live search back
 * in the store: the box follows it then, without rendering.
 */
export function SearchBox(): ReactElement {
  const { t } = useTranslation()
  const setFilter = useUiStore((s) => s.setFilter)
  const input = useRef<HTMLInputElement>(null)
  useEffect(
    () =>
      useUiStore.subscribe((s) => {
        if (input.current !== null && input.current.value !== s.filter) input.current.value = s.filter
      }),
    [],
  )
  return (
    <TextInput
      ref={input}
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

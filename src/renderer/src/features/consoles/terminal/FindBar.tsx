import { ActionIcon, Group, Text, TextInput } from '@mantine/core'
import type { SearchAddon } from '@xterm/addon-search'
import { ChevronDown, ChevronUp, X } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

const DECORATIONS = {
  matchOverviewRuler: '#888888',
  activeMatchColorOverviewRuler: '#ffcc00',
  matchBackground: '#5a4a00',
  activeMatchBackground: '#a08000',
}

/** A find bar over a terminal's scrollback: Enter finds the next match, Shift+Enter the previous, Escape closes. */
export function FindBar({ search, onClose }: { search: SearchAddon; onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [results, setResults] = useState<{ index: number; count: number } | undefined>(undefined)
  useEffect(() => {
    const listener = search.onDidChangeResults(({ resultIndex, resultCount }) =>
      setResults({ index: resultIndex, count: resultCount }),
    )
    return () => {
      listener.dispose()
      search.clearDecorations()
    }
  }, [search])
  const find = (forward: boolean): void => {
    if (text === '') return
    const options = { decorations: DECORATIONS, incremental: false }
    if (forward) search.findNext(text, options)
    else search.findPrevious(text, options)
  }
  return (
    <Group gap={4} px="xs" py={2} className="console-find" role="search">
      <TextInput
        size="xs"
        autoFocus
        aria-label={t('consoles.terminal.find')}
        placeholder={t('consoles.terminal.findPlaceholder')}
        value={text}
        onChange={(event) => {
          const value = event.currentTarget.value
          setText(value)
          if (value === '') search.clearDecorations()
          else search.findNext(value, { decorations: DECORATIONS, incremental: true })
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            find(!event.shiftKey)
          } else if (event.key === 'Escape') {
            event.preventDefault()
            onClose()
          }
        }}
      />
      <Text size="xs" c="dimmed" miw={60}>
        {results === undefined || text === ''
          ? ''
          : results.count === 0
            ? t('consoles.terminal.noMatch')
            : t('consoles.terminal.matches', { index: results.index + 1, count: results.count })}
      </Text>
      <ActionIcon
        size="sm"
        variant="subtle"
        aria-label={t('consoles.terminal.previous')}
        onClick={() => find(false)}
      >
        <ChevronUp size={14} />
      </ActionIcon>
      <ActionIcon
        size="sm"
        variant="subtle"
        aria-label={t('consoles.terminal.next')}
        onClick={() => find(true)}
      >
        <ChevronDown size={14} />
      </ActionIcon>
      <ActionIcon size="sm" variant="subtle" aria-label={t('consoles.terminal.closeFind')} onClick={onClose}>
        <X size={14} />
      </ActionIcon>
    </Group>
  )
}

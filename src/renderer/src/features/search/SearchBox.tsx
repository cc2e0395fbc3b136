import { Combobox, Group, Text, TextInput, useCombobox } from '@mantine/core'
import { Search } from 'lucide-react'
import type { KeyboardEvent, ReactElement } from 'react'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { Suggestion } from '../../../../shared/search/suggest'
import { applyReplacement, suggest } from '../../../../shared/search/suggest'
import { parseQuery } from '../../../../shared/search/query'
import { useAddressStore } from '../../stores/address-store'
import { shownFleet } from '../../stores/shown-fleet'
import { useUiStore } from '../../stores/ui-store'
import { fleetVocabulary } from './fleet-facts'
import { problemText } from './problem-text'
import { SyntaxHelp } from './SyntaxHelp'

/** Keys that move, apply or close rather than type: they do not open the suggestions. */
const NOT_TYPING = new Set(['Escape', 'Enter', 'Tab', 'Shift', 'Control', 'Alt', 'Meta', 'ArrowUp'])

/**
 * The search box over the tree, with suggestions while typing (field names, the fleet's values with their
 * counts), the parser's problems said in words under it, and the syntax help. Uncontrolled: a keystroke writes
 * the store (the tree follows), the box renders only its own list. The list opens on a key typed in the box —
 * not on focus nor on a value set by code — so it never covers the tree uninvited. Going back from an inventory
 * snapshot puts the live search back in the store: the box follows it.
 */
export function SearchBox(): ReactElement {
  const { t, i18n } = useTranslation()
  const setFilter = useUiStore((s) => s.setFilter)
  const input = useRef<HTMLInputElement>(null)
  const problemsId = useId()
  const [at, setAt] = useState(() => {
    const text = useUiStore.getState().filter
    return { text, caret: text.length }
  })
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption()
    },
  })
  useEffect(
    () =>
      useUiStore.subscribe((s) => {
        if (input.current !== null && input.current.value !== s.filter) {
          input.current.value = s.filter
          setAt({ text: s.filter, caret: s.filter.length })
        }
      }),
    [],
  )
  const open = combobox.dropdownOpened
  // ↓ on a closed list opens it and then chooses its first suggestion (the options exist only once open).
  const chooseFirst = useRef(false)
  const suggestions = useMemo(
    () =>
      open
        ? suggest(at.text, at.caret, fleetVocabulary(shownFleet(), useAddressStore.getState().byGuest))
        : [],
    [at, open],
  )
  useEffect(() => {
    if (!open || !chooseFirst.current || suggestions.length === 0) return
    chooseFirst.current = false
    combobox.selectFirstOption()
  }, [open, suggestions, combobox])
  const parsed = useMemo(() => parseQuery(at.text), [at.text])
  // An empty value at the caret is a term half typed (`tag:`), not a mistake: said once the caret leaves it.
  const problems = parsed.problems
    .filter((p) => !(p.code === 'empty_value' && p.start <= at.caret && at.caret <= p.end))
    .map((p) => problemText(t, at.text, parsed, p))
  const number = new Intl.NumberFormat(i18n.language)

  const follow = (): void => {
    const el = input.current
    if (el !== null) setAt({ text: el.value, caret: el.selectionStart ?? el.value.length })
  }
  const apply = (s: Suggestion | undefined): void => {
    const el = input.current
    if (s === undefined || el === null) return
    const next = applyReplacement(el.value, s.replace)
    el.value = next
    el.setSelectionRange(s.replace.caret, s.replace.caret)
    setFilter(next)
    setAt({ text: next, caret: s.replace.caret })
    combobox.resetSelectedOption()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Tab' && !event.shiftKey && open && suggestions.length > 0) {
      // Tab applies the chosen suggestion (the first when none is chosen), as a shell completes.
      event.preventDefault()
      apply(suggestions[Math.max(0, combobox.getSelectedOptionIndex())])
      return
    }
    if (event.key === 'ArrowDown' && !open) chooseFirst.current = true
    if (!NOT_TYPING.has(event.key) && !event.nativeEvent.isComposing) combobox.openDropdown('keyboard')
  }

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(value) => {
        apply(suggestions[Number(value)])
      }}
      width={420}
      position="bottom-start"
      withinPortal
    >
      <Combobox.Target>
        <TextInput
          ref={input}
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          leftSection={<Search size={14} aria-hidden="true" />}
          rightSection={<SyntaxHelp />}
          rightSectionPointerEvents="all"
          defaultValue={at.text}
          // The problems in words for a screen reader (the box's description); seen in the list under the box.
          error={problems.length > 0 ? problems.join('. ') : undefined}
          errorProps={{ id: problemsId }}
          styles={{ error: { display: 'none' } }}
          title={problems.join(' · ') || undefined}
          data-testid="search-box"
          onChange={(e) => {
            setFilter(e.currentTarget.value)
            follow()
            // A box emptied (Backspace, Delete, cut) is a search put away: no list over the tree.
            if (e.currentTarget.value === '') combobox.closeDropdown()
          }}
          onKeyDown={onKeyDown}
          onKeyUp={(e) => {
            // The caret moved without a change (←, →, Home, End): the term under it is another.
            if (e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End') follow()
          }}
          onClick={follow}
          onBlur={() => {
            combobox.closeDropdown()
          }}
          w={320}
          size="xs"
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={suggestions.length === 0 && problems.length === 0}>
        {problems.length > 0 ? (
          <Combobox.Header>
            <Text size="xs" c="red" role="status" data-testid="search-problems">
              {problems.join(' · ')}
            </Text>
          </Combobox.Header>
        ) : null}
        <Combobox.Options aria-label={t('search.suggestions')}>
          {suggestions.map((s, i) => (
            <Combobox.Option key={`${s.kind}:${s.label}`} value={String(i)}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" ff="monospace">
                  {s.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.kind === 'field'
                    ? t(`search.field.${s.field}`)
                    : s.count === undefined
                      ? ''
                      : t('search.count', { count: s.count, formatted: number.format(s.count) })}
                </Text>
              </Group>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  )
}

import { ActionIcon, Group, TextInput } from '@mantine/core'
import { Check } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'

/** A name typed and applied with Enter or the tick (a folder's or a view's): blank is not applied. */
export function NameField({
  label,
  initial = '',
  applyLabel,
  onApply,
  clearOnApply = false,
  testId,
  autoFocus = false,
}: {
  label: string
  initial?: string
  applyLabel: string
  onApply: (name: string) => void
  clearOnApply?: boolean
  testId?: string
  autoFocus?: boolean
}): ReactElement {
  const [value, setValue] = useState(initial)
  const apply = (): void => {
    if (value.trim() === '') return
    onApply(value)
    if (clearOnApply) setValue('')
  }
  return (
    <Group gap={4} wrap="nowrap" align="flex-end">
      <TextInput
        size="xs"
        label={label}
        value={value}
        maxLength={80}
        data-autofocus={autoFocus || undefined}
        data-testid={testId}
        onChange={(event) => {
          setValue(event.currentTarget.value)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            apply()
          }
        }}
        style={{ flex: 1 }}
      />
      <ActionIcon
        variant="light"
        size="md"
        aria-label={applyLabel}
        onClick={apply}
        disabled={value.trim() === ''}
      >
        <Check size={14} />
      </ActionIcon>
    </Group>
  )
}

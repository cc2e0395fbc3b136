import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core'
import { Check, Copy } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * A value to copy as it is (a path, a public key, a command): shown in full, wrapped rather than cut, with a
 * copy button named after what it copies.
 */
export function CopyValue({
  value,
  label,
  block = false,
}: {
  value: string
  /** What the value is, for the button's accessible name ("Copy Public key"). */
  label: string
  block?: boolean
}): ReactElement {
  const { t } = useTranslation()
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Code
        block={block}
        style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        data-testid="copy-value"
      >
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('audit.copy.copied') : t('audit.copy.copy')}>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              aria-label={`${t('audit.copy.copy')} — ${label}`}
              onClick={copy}
            >
              {copied ? <Check size={16} /> : <Copy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  )
}

import { ActionIcon, Code, Popover, Stack, Table, Text, Title } from '@mantine/core'
import { CircleHelp } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { SEARCH_FIELDS } from '../../../../shared/search/query'

/** Examples of the syntax, each with what it finds (the words are the help's). */
const EXAMPLES = [
  ['status:stopped tag:naorlo', 'stoppedTagged'],
  ['status:running -tag:test', 'notTest'],
  ['status:stopped,paused node:km4*', 'alternatives'],
  ['vmid:100-199 name:web*', 'range'],
  ['name:"web 01"', 'quoted'],
] as const

/** The search syntax in a popover beside the box: every field and what it takes, a few examples, the keys. */
export function SyntaxHelp(): ReactElement {
  const { t } = useTranslation()
  return (
    <Popover width={460} position="bottom-end" withinPortal shadow="md">
      <Popover.Target>
        <ActionIcon variant="subtle" size="sm" aria-label={t('search.help.open')} data-testid="search-help">
          <CircleHelp size={14} aria-hidden="true" />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="region" aria-label={t('search.help.title')}>
          <Title order={5}>{t('search.help.title')}</Title>
          <Text size="xs">{t('search.help.intro')}</Text>
          <Text size="xs" fw={600}>
            {t('search.help.fields')}
          </Text>
          <Table withRowBorders={false} verticalSpacing={1} fz="xs">
            <Table.Tbody>
              {SEARCH_FIELDS.map((f) => (
                <Table.Tr key={f}>
                  <Table.Td>
                    <Code>{`${f}:`}</Code>
                  </Table.Td>
                  <Table.Td>{t(`search.field.${f}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" fw={600}>
            {t('search.help.examples')}
          </Text>
          <Table withRowBorders={false} verticalSpacing={1} fz="xs">
            <Table.Tbody>
              {EXAMPLES.map(([query, what]) => (
                <Table.Tr key={query}>
                  <Table.Td>
                    <Code>{query}</Code>
                  </Table.Td>
                  <Table.Td>{t(`search.help.example.${what}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            {t('search.help.keys')}
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

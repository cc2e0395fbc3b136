import { Group, Kbd, Modal, Stack, Table, Text, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { Fragment } from 'react'
import { useTranslation } from 'react-i18next'

import { useOverlayStore } from '../../stores/overlay-store'
import type { Shortcut } from './shortcut-list'
import { keyParts, SHORTCUTS } from './shortcut-list'

/**
 * The keyboard shortcuts help (`?` or F1): every key of shortcut-list.ts, by where it acts, in the UI's
 * language (Alt+Maj+S in French). A Mantine modal: focus kept inside, Esc closes and gives focus back.
 */
export function ShortcutsOverlay(): ReactElement {
  const { t } = useTranslation()
  const opened = useOverlayStore((s) => s.shortcuts)
  const open = useOverlayStore((s) => s.openShortcuts)
  const keyName = (key: string): string => {
    const name = key === ' ' ? 'Space' : key
    return t(`look.shortcuts.key.${name}`, { defaultValue: name.length === 1 ? name.toUpperCase() : name })
  }
  const combo = (text: string): ReactElement => {
    const { mods, key } = keyParts(text)
    return (
      <Group gap={2} wrap="nowrap" component="span">
        {[...mods, key].map((part, i) => (
          <Fragment key={i}>
            {i > 0 ? (
              <Text span size="xs">
                +
              </Text>
            ) : null}
            <Kbd size="xs">{keyName(part)}</Kbd>
          </Fragment>
        ))}
      </Group>
    )
  }
  const what = (item: Shortcut): string =>
    item.what.startsWith('action.')
      ? t(`actions.label.${item.what.slice('action.'.length)}`)
      : t(`look.shortcuts.what.${item.what}`)
  return (
    <Modal
      opened={opened}
      onClose={() => open(false)}
      title={t('look.shortcuts.title')}
      size="xl"
      data-testid="shortcuts-overlay"
    >
      <Stack gap="md">
        {SHORTCUTS.filter((s) => s.items.length > 0).map((section) => (
          <section key={section.group} aria-labelledby={`shortcuts-${section.group}`}>
            <Title order={5} id={`shortcuts-${section.group}`} mb={4}>
              {t(`look.shortcuts.group.${section.group}`)}
            </Title>
            <Table striped withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {section.items.map((item) => (
                  <Table.Tr key={`${item.what}-${item.keys.join()}`}>
                    <Table.Td w="40%">
                      <Group gap={6} wrap="wrap">
                        {item.keys.map((k, i) => (
                          <Fragment key={k}>
                            {i > 0 ? (
                              <Text span size="xs" c="dimmed">
                                {t('look.shortcuts.or')}
                              </Text>
                            ) : null}
                            {combo(k)}
                          </Fragment>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{what(item)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        ))}
      </Stack>
    </Modal>
  )
}

import { Button, Group, Text, Tooltip } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { Selection } from '../../stores/selection'
import { CHOICE_ICONS } from './choice-icons'
import { launch, useConsoleChoices } from './use-console-choices'

/** The consoles of the selected node or guest, as buttons in its details; a disabled one says why. */
export function ConsoleButtons({ selection }: { selection: Selection }): ReactElement | null {
  const { t } = useTranslation()
  const choices = useConsoleChoices(selection)
  if (choices.length === 0 || (selection.kind !== 'node' && selection.kind !== 'guest')) return null
  const why = choices.find((c) => c.capability.reason !== undefined)?.capability.reason
  return (
    <div role="group" aria-label={t('consoles.menu')}>
      <Group gap="xs">
        {choices.map((choice) => {
          const Icon = CHOICE_ICONS[choice.id]
          const reason = choice.capability.reason
          return (
            <Tooltip
              key={choice.id}
              label={reason === undefined ? t(`consoles.hint.${choice.id}`) : t(reason.key, reason.values)}
              withinPortal
            >
              <Button
                size="xs"
                variant="light"
                data-choice={choice.id}
                disabled={!choice.capability.allowed}
                leftSection={<Icon size={14} aria-hidden="true" />}
                onClick={() => launch(selection.clusterId, choice)}
              >
                {t(`consoles.choice.${choice.id}`)}
              </Button>
            </Tooltip>
          )
        })}
      </Group>
      {why === undefined ? null : (
        <Text size="xs" c="dimmed" mt={4} data-testid="console-reason">
          {t(why.key, why.values)}
        </Text>
      )}
    </div>
  )
}

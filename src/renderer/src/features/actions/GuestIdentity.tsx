import { Badge, Group, Paper, Stack, Text } from '@mantine/core'
import { MapPin } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { siteColour } from '../consoles/site-colour'
import type { GuestFacts } from './guest-facts'

/**
 * Which guest an action is about, named the way an operator tells guests apart across sites: the site in its
 * colour (the tree's pin and the console tabs share it), cluster, node, name and vmid.
 */
export function GuestIdentity({ facts }: { facts: GuestFacts }): ReactElement {
  const { t } = useTranslation()
  const colour = siteColour(facts.site)
  const { guest, entry } = facts
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="action-guest"
      data-site={facts.site}
      style={{ borderLeft: `6px solid ${colour}` }}
    >
      <Stack gap={4}>
        <Group gap={6}>
          <MapPin size={14} color={colour} aria-hidden="true" />
          <Text size="sm" fw={700} c={colour} data-part="site">
            {facts.site}
          </Text>
          <Text size="sm" c="dimmed">
            {'·'}
          </Text>
          <Text size="sm" data-part="cluster">
            {t('actions.identity.cluster', { cluster: entry.summary.name })}
          </Text>
          <Text size="sm" c="dimmed">
            {'·'}
          </Text>
          <Text size="sm" data-part="node">
            {t('actions.identity.node', { node: guest.node })}
          </Text>
        </Group>
        <Group gap={6}>
          <Text fw={700} data-part="name">
            {guest.name}
          </Text>
          <Badge variant="light" data-part="vmid">{`${t(`kind.${guest.type}`)} ${guest.vmid}`}</Badge>
        </Group>
      </Stack>
    </Paper>
  )
}

import { ActionIcon, Button, Group, Menu, Tooltip } from '@mantine/core'
import { ChevronDown } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useActionStore } from '../../stores/action-store'
import { ActionPreferencesButton } from './ActionPreferencesButton'
import type { ActionItem } from './action-catalog'
import { ACTION_ITEMS, shortcutLabel } from './action-catalog'
import type { GuestFacts } from './guest-facts'
import { useGuestFacts } from './guest-facts'
import { actionAvailability } from './availability'
import { requestAction } from './request-action'

/** The action buttons of a guest in the details pane; each disabled one says why in its tooltip. */
export function GuestActionBar({
  clusterId,
  vmid,
}: {
  clusterId: string
  vmid: number
}): ReactElement | null {
  const { t } = useTranslation()
  const facts = useGuestFacts({ clusterId, vmid })
  if (facts === undefined) return null
  return (
    <Group gap={6} role="toolbar" aria-label={t('actions.title')} data-testid="guest-action-bar">
      {ACTION_ITEMS.map((item) => (
        <ActionButton key={item.id} item={item} facts={facts} />
      ))}
      <ActionPreferencesButton />
    </Group>
  )
}

function ActionButton({ item, facts }: { item: ActionItem; facts: GuestFacts }): ReactElement {
  const { t } = useTranslation()
  const open = useActionStore((s) => s.open)
  const { enabled, reason } = actionAvailability(facts.entry, facts.guest, item.id)
  const ref = { clusterId: facts.entry.summary.id, vmid: facts.guest.vmid }
  const shortcut = shortcutLabel(item)
  const shown = item.key === undefined ? undefined : t('actions.keys.combo', { key: item.key })
  const label = t(`actions.label.${item.id}`)
  const tip =
    reason !== undefined ? t(reason.key, reason.values) : shown === undefined ? label : `${label} (${shown})`
  const Icon = item.icon
  const button = (
    <Button
      size="xs"
      variant={item.danger === true ? 'light' : 'default'}
      color={item.danger === true ? 'red' : undefined}
      leftSection={<Icon size={14} aria-hidden="true" />}
      disabled={!enabled}
      onClick={() => requestAction(ref, item.id)}
      data-action={item.id}
      aria-keyshortcuts={shortcut}
    >
      {label}
    </Button>
  )
  return (
    <Tooltip label={tip} withinPortal multiline maw={320}>
      {/* The span takes the pointer a disabled button ignores, so that its tooltip still says why. */}
      <span data-action-wrap={item.id} data-enabled={enabled}>
        {item.id !== 'shutdown' ? (
          button
        ) : (
          <Group gap={0} wrap="nowrap">
            {button}
            <Menu withinPortal position="bottom-end">
              <Menu.Target>
                <ActionIcon
                  variant="default"
                  size={30}
                  disabled={!enabled}
                  aria-label={t('actions.shutdown.options')}
                  data-testid="shutdown-options"
                >
                  <ChevronDown size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => open({ type: 'shutdown', guest: ref })}>
                  {t('actions.shutdown.withTimeout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </span>
    </Tooltip>
  )
}

import { Menu, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useOffline } from '../../stores/shown-fleet'
import { ACTION_ITEMS } from './action-catalog'
import { actionAvailability } from './availability'
import { useGuestFacts } from './guest-facts'
import { requestAction } from './request-action'

/**
 * The guest's actions as a section of the tree's context menu (after its consoles): each disabled one says why
 * under its label, its key on the right.
 */
export function GuestActionMenuItems({
  clusterId,
  vmid,
  onDone,
}: {
  clusterId: string
  vmid: number
  onDone: () => void
}): ReactElement | null {
  const { t } = useTranslation()
  const facts = useGuestFacts({ clusterId, vmid })
  // An opened inventory snapshot's guest is a record of the past: no action, not even disabled ones.
  const offline = useOffline()
  if (facts === undefined || offline) return null
  return (
    <>
      <Menu.Divider />
      <Menu.Label>{t('actions.menu')}</Menu.Label>
      {ACTION_ITEMS.map((item) => {
        const { enabled, reason } = actionAvailability(facts.entry, facts.guest, item.id)
        const Icon = item.icon
        return (
          <Menu.Item
            key={item.id}
            data-action={item.id}
            disabled={!enabled}
            color={item.danger === true && enabled ? 'red' : undefined}
            leftSection={<Icon size={15} aria-hidden="true" />}
            rightSection={
              item.key === undefined ? undefined : (
                <Text size="xs" c="dimmed">
                  {t('actions.keys.combo', { key: item.key })}
                </Text>
              )
            }
            onClick={() => {
              onDone()
              requestAction({ clusterId, vmid }, item.id)
            }}
          >
            <div>{t(`actions.label.${item.id}`)}</div>
            {reason === undefined ? null : (
              <Text size="xs" c="dimmed">
                {t(reason.key, reason.values)}
              </Text>
            )}
          </Menu.Item>
        )
      })}
    </>
  )
}

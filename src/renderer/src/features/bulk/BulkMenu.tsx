import { Menu } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { BulkActionKind } from '../../../../shared/model/bulk'
import { BULK_ICONS } from './action-icons'
import { BULK_ACTIONS } from './picked'

/**
 * The tree's context menu when several guests are picked: the bulk actions, each opening the bulk dialog (which
 * shows, before anything runs, which guests it would skip and why).
 */
export function BulkMenu({
  x,
  y,
  count,
  onChoose,
  onClose,
}: {
  x: number
  y: number
  count: number
  onChoose: (action: BulkActionKind) => void
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  return (
    <Menu
      opened
      onChange={(opened) => {
        if (!opened) onClose()
      }}
      position="bottom-start"
      withinPortal
      // As the console menu: the key that opened it must not close it (see ConsoleMenu).
      clickOutsideEvents={['mousedown', 'touchstart']}
      trapFocus
      returnFocus
      width={260}
    >
      <Menu.Target>
        <div aria-hidden="true" style={{ position: 'fixed', left: x, top: y, width: 1, height: 1 }} />
      </Menu.Target>
      <Menu.Dropdown aria-label={t('bulk.menu', { count })}>
        <Menu.Label>{t('bulk.menu', { count })}</Menu.Label>
        {BULK_ACTIONS.map((action) => {
          const Icon = BULK_ICONS[action]
          return (
            <Menu.Item
              key={action}
              data-action={action}
              color={action === 'stop' ? 'red' : undefined}
              leftSection={<Icon size={15} aria-hidden="true" />}
              onClick={() => {
                onChoose(action)
                onClose()
              }}
            >
              {t(`bulk.action.${action}`)}
            </Menu.Item>
          )
        })}
      </Menu.Dropdown>
    </Menu>
  )
}

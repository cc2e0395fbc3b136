import { ActionIcon, Menu, Tooltip } from '@mantine/core'
import { Check, Keyboard, Palette } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { WorkspacePreferences } from '../../../../shared/model/workspace'
import { LanguageChoice, RowDensity, ThemeChoice } from '../../../../shared/model/workspace'
import { useOverlayStore } from '../../stores/overlay-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { resolveLanguage } from './language'
import { systemLocale } from './look-sync'

type LookField = 'language' | 'theme' | 'density'

/**
 * The header's look menu: language, theme and row height, each a set of radio items (arrows move, Enter or Space
 * picks, Esc closes: Mantine's menu), then the keyboard shortcuts. A change shows at once and is written behind.
 */
export function LookMenu(): ReactElement {
  const { t } = useTranslation()
  const preferences = useWorkspaceStore((s) => s.preferences)
  const update = useWorkspaceStore((s) => s.update)
  const openShortcuts = useOverlayStore((s) => s.openShortcuts)
  const systemLanguage = t(`look.language.${resolveLanguage('system', systemLocale())}`)

  const choices = <F extends LookField>(
    field: F,
    values: readonly WorkspacePreferences[F][],
    label: (value: WorkspacePreferences[F]) => string,
  ): ReactElement[] =>
    values.map((value) => {
      const checked = preferences[field] === value
      return (
        <Menu.Item
          key={`${field}-${value}`}
          role="menuitemradio"
          aria-checked={checked}
          data-testid={`look-${field}-${value}`}
          closeMenuOnClick={false}
          leftSection={
            <Check size={14} aria-hidden="true" style={{ visibility: checked ? 'visible' : 'hidden' }} />
          }
          onClick={() => update((p) => (p[field] === value ? p : { ...p, [field]: value }))}
        >
          {label(value)}
        </Menu.Item>
      )
    })

  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={260}>
      <Menu.Target>
        <Tooltip label={t('look.menu')} withinPortal>
          <ActionIcon variant="subtle" aria-label={t('look.menu')} data-testid="look-menu">
            <Palette size={16} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown data-testid="look-menu-dropdown">
        <Menu.Label>{t('look.language.label')}</Menu.Label>
        {choices('language', LanguageChoice.options, (v) =>
          v === 'system' ? t('look.language.system', { language: systemLanguage }) : t(`look.language.${v}`),
        )}
        <Menu.Divider />
        <Menu.Label>{t('look.theme.label')}</Menu.Label>
        {choices('theme', ThemeChoice.options, (v) => t(`look.theme.${v}`))}
        <Menu.Divider />
        <Menu.Label>{t('look.density.label')}</Menu.Label>
        {choices('density', RowDensity.options, (v) => t(`look.density.${v}`))}
        <Menu.Divider />
        <Menu.Item
          leftSection={<Keyboard size={14} aria-hidden="true" />}
          rightSection="?"
          data-testid="look-shortcuts"
          onClick={() => openShortcuts(true)}
        >
          {t('look.shortcuts.open')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}

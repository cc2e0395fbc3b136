import { Stack, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { PanelFrame } from '../PanelFrame'
import { ConfigEntries } from './ConfigEntries'
import { hardwareEntries, optionEntries } from './config-groups'
import { DisksTable, NicsTable } from './DisksNics'
import type { GuestPanelProps } from './guest-panel-props'
import { useGuestConfig } from './guest-panel-props'

/** Matériel: the hardware lines with their pending values, then the disks and network devices read from them. */
export function HardwareTab(props: GuestPanelProps): ReactElement {
  const { t } = useTranslation()
  const query = useGuestConfig(props)
  return (
    <PanelFrame query={query} testId="guest-hardware">
      {(config) => (
        <Stack gap="sm">
          <ConfigEntries
            entries={hardwareEntries(config.entries, props.type)}
            testId="guest-hardware-entries"
          />
          <Title order={5}>{t('panels.guest.config.disks')}</Title>
          <DisksTable disks={config.disks} />
          <Title order={5}>{t('panels.guest.config.nics')}</Title>
          <NicsTable nics={config.nics} />
        </Stack>
      )}
    </PanelFrame>
  )
}

/** Options: every other config line (boot order, start at boot, agent, protection…), pending highlighted. */
export function OptionsTab(props: GuestPanelProps): ReactElement {
  const query = useGuestConfig(props)
  return (
    <PanelFrame query={query} testId="guest-options">
      {(config) => (
        <ConfigEntries entries={optionEntries(config.entries, props.type)} testId="guest-options-entries" />
      )}
    </PanelFrame>
  )
}

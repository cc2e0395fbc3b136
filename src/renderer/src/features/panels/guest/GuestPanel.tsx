import { Tabs } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

import { GuestSnapshots } from '../../actions/GuestSnapshots'
import { usePanelTab } from '../panel-tab-store'
import { BackupsTab } from './BackupsTab'
import { HardwareTab, OptionsTab } from './ConfigTabs'
import { FirewallTab } from './FirewallTab'
import type { GuestPanelProps } from './guest-panel-props'
import { HaTab } from './HaTab'
import { NotesTab } from './NotesTab'
import { ReplicationTab } from './ReplicationTab'
import { SummaryTab } from './SummaryTab'
import { TasksTab } from './TasksTab'

export const GUEST_TABS = [
  'summary',
  'hardware',
  'options',
  'snapshots',
  'backups',
  'replication',
  'ha',
  'firewall',
  'tasks',
  'notes',
] as const
type GuestTab = (typeof GUEST_TABS)[number]
const isGuestTab = (tab: string): tab is GuestTab => (GUEST_TABS as readonly string[]).includes(tab)

/**
 * A live guest's panels as tabs, only the shown one mounted (keepMounted off): one panel read per refresh, and
 * a tab left stops asking. The tab is kept while the operator moves from guest to guest.
 */
export function GuestPanel({
  guest,
  summaryTop,
  template,
}: {
  guest: GuestPanelProps
  /** Above the summary's live figures: the tree's figures and the rights, shown at once. */
  summaryTop: ReactNode
  template: boolean
}): ReactElement {
  const { t } = useTranslation()
  const [remembered, setTab] = usePanelTab('guest')
  const tabs = GUEST_TABS.filter((tab) => !(template && tab === 'snapshots'))
  const tab = isGuestTab(remembered) && tabs.includes(remembered) ? remembered : 'summary'
  const body: Record<GuestTab, () => ReactNode> = {
    summary: () => (
      <>
        {summaryTop}
        <SummaryTab {...guest} />
      </>
    ),
    hardware: () => <HardwareTab {...guest} />,
    options: () => <OptionsTab {...guest} />,
    snapshots: () => <GuestSnapshots clusterId={guest.clusterId} vmid={guest.vmid} />,
    backups: () => <BackupsTab {...guest} />,
    replication: () => <ReplicationTab {...guest} />,
    ha: () => <HaTab {...guest} />,
    firewall: () => <FirewallTab {...guest} />,
    tasks: () => <TasksTab {...guest} />,
    notes: () => <NotesTab {...guest} />,
  }
  return (
    <Tabs
      value={tab}
      onChange={(next) => {
        if (next !== null) setTab(next)
      }}
      keepMounted={false}
      variant="outline"
      data-testid="guest-panel"
    >
      <Tabs.List aria-label={t('panels.guest.tabs.label')}>
        {tabs.map((name) => (
          <Tabs.Tab key={name} value={name} data-tab={name}>
            {t(`panels.guest.tabs.${name}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((name) => (
        <Tabs.Panel key={name} value={name} pt="sm">
          {name === tab ? body[name]() : null}
        </Tabs.Panel>
      ))}
    </Tabs>
  )
}

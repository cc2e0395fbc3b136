import { Tabs } from '@mantine/core'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { pveDesk } from '../../../api/client'
import { PanelFrame } from '../PanelFrame'
import { usePanelTab } from '../panel-tab-store'
import { usePanelQuery } from '../use-panel-query'
import { NodeCertificatesView } from './NodeCertificatesView'
import { NodeDisksView } from './NodeDisksView'
import { NodeNetworkView } from './NodeNetworkView'
import { NodeStorageView } from './NodeStorageView'
import type { ChartChoice } from './NodeSummaryView'
import { NodeSummaryView } from './NodeSummaryView'
import { NodeSyslogTab } from './NodeSyslogTab'
import { NodeTasksView } from './NodeTasksView'

const TABS = ['summary', 'network', 'storage', 'disks', 'certificates', 'syslog', 'tasks'] as const
type NodeTab = (typeof TABS)[number]

/** Summaries (charts) every 10 s, the rest every 30 s. */
const SUMMARY_MS = 10_000
const OTHER_MS = 30_000

interface NodeProps {
  clusterId: string
  node: string
}

/**
 * A node's panels, one tab shown at a time: only its query runs (the others are not mounted), so a shown node
 * costs one PVE read per refresh.
 */
export function NodePanel({ clusterId, node }: NodeProps): ReactElement {
  const { t } = useTranslation()
  const [remembered, setTab] = usePanelTab('node')
  const tab: NodeTab = (TABS as readonly string[]).includes(remembered) ? (remembered as NodeTab) : 'summary'
  return (
    <Tabs
      value={tab}
      onChange={(next) => next !== null && setTab(next)}
      keepMounted={false}
      data-testid="node-panel"
    >
      <Tabs.List>
        {TABS.map((name) => (
          <Tabs.Tab key={name} value={name}>
            {t(`panels.node.tabs.${name}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="summary" pt="sm">
        <SummaryTab clusterId={clusterId} node={node} />
      </Tabs.Panel>
      <Tabs.Panel value="network" pt="sm">
        <NetworkTab clusterId={clusterId} node={node} />
      </Tabs.Panel>
      <Tabs.Panel value="storage" pt="sm">
        <StorageTab clusterId={clusterId} node={node} />
      </Tabs.Panel>
      <Tabs.Panel value="disks" pt="sm">
        <DisksTab clusterId={clusterId} node={node} />
      </Tabs.Panel>
      <Tabs.Panel value="certificates" pt="sm">
        <CertificatesTab clusterId={clusterId} node={node} />
      </Tabs.Panel>
      <Tabs.Panel value="syslog" pt="sm">
        <NodeSyslogTab clusterId={clusterId} node={node} />
      </Tabs.Panel>
      <Tabs.Panel value="tasks" pt="sm">
        <TasksTab clusterId={clusterId} node={node} />
      </Tabs.Panel>
    </Tabs>
  )
}

function SummaryTab({ clusterId, node }: NodeProps): ReactElement {
  const [chart, setChart] = useState<ChartChoice>({ timeframe: 'hour', cf: 'AVERAGE' })
  const query = usePanelQuery(
    `${clusterId}/${node}/summary/${chart.timeframe}/${chart.cf}`,
    (options) => pveDesk().panelNodeSummary({ clusterId, node, ...chart }, options),
    { refreshMs: SUMMARY_MS },
  )
  return (
    <PanelFrame query={query} testId="node-summary">
      {(value) => <NodeSummaryView value={value} chart={chart} onChart={setChart} />}
    </PanelFrame>
  )
}

function NetworkTab({ clusterId, node }: NodeProps): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/${node}/network`,
    (options) => pveDesk().panelNodeNetwork({ clusterId, node }, options),
    { refreshMs: OTHER_MS },
  )
  return <PanelFrame query={query}>{(value) => <NodeNetworkView value={value} />}</PanelFrame>
}

function StorageTab({ clusterId, node }: NodeProps): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/${node}/storage`,
    (options) => pveDesk().panelNodeStorage({ clusterId, node }, options),
    { refreshMs: OTHER_MS },
  )
  return <PanelFrame query={query}>{(value) => <NodeStorageView value={value} />}</PanelFrame>
}

function DisksTab({ clusterId, node }: NodeProps): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/${node}/disks`,
    (options) => pveDesk().panelNodeDisks({ clusterId, node }, options),
    { refreshMs: OTHER_MS },
  )
  return <PanelFrame query={query}>{(value) => <NodeDisksView value={value} />}</PanelFrame>
}

function CertificatesTab({ clusterId, node }: NodeProps): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/${node}/certificates`,
    (options) => pveDesk().panelNodeCertificates({ clusterId, node }, options),
    { refreshMs: OTHER_MS },
  )
  // Days left as of the answer: the countdown moves with each refresh, not with each render.
  return (
    <PanelFrame query={query}>
      {(value) => <NodeCertificatesView value={value} nowSeconds={(query.at ?? 0) / 1000} />}
    </PanelFrame>
  )
}

function TasksTab({ clusterId, node }: NodeProps): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/${node}/tasks`,
    (options) => pveDesk().panelNodeTasks({ clusterId, node }, options),
    { refreshMs: OTHER_MS },
  )
  return <PanelFrame query={query}>{(value) => <NodeTasksView value={value} />}</PanelFrame>
}

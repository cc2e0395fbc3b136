import {
  AppShell,
  Badge,
  Button,
  Group,
  Loader,
  Stack,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core'
import { Boxes, Plus, ShieldAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { changedCertificates } from '../../shared/model/fleet'
import { ActionPreferencesButton } from './features/actions/ActionPreferencesButton'
import { ActionsLayer } from './features/actions/ActionsLayer'
import { BulkLayer } from './features/bulk/BulkLayer'
import { ClusterManager } from './features/clusters/ClusterManager'
import { HealthBanner } from './features/clusters/HealthBanner'
import { TfaDialog } from './features/clusters/TfaDialog'
import { Workspace } from './features/consoles/Workspace'
import { DetailsPane } from './features/details/DetailsPane'
import { DrButton } from './features/dr/DrButton'
import { ShownDrView } from './features/inventory/ShownDrView'
import { DrToasts } from './features/dr/alerts/DrToasts'
import { useDrSync } from './features/dr/use-dr-sync'
import { DropOverlay } from './features/inventory/DropOverlay'
import { FilesPanel } from './features/inventory/FilesPanel'
import { InventoryButton } from './features/inventory/InventoryButton'
import { OfflineAnnouncer } from './features/inventory/OfflineAnnouncer'
import { OfflineBanner } from './features/inventory/OfflineBanner'
import { OfflineTreeLabel } from './features/inventory/OfflineTreeLabel'
import { CaptureButton } from './features/inventory/tools/CaptureButton'
import { UploadStatus } from './features/inventory/UploadStatus'
import { LookMenu } from './features/look/LookMenu'
import { useInventorySync } from './features/inventory/use-inventory-sync'
import { FailureBanner } from './features/startup/FailureBanner'
import { FleetTree } from './features/tree/FleetTree'
import { ViewSwitcher } from './features/views/ViewSwitcher'
import { TaskDock } from './features/tasks/TaskDock'
import { TasksButton } from './features/tasks/TasksButton'
import { SearchBar } from './features/search/SearchBar'
import { useWideHeader } from './lib/wide-header'
import { useFleetStore } from './stores/fleet-store'
import { useOffline, useShownFleet } from './stores/shown-fleet'
import { useUiStore } from './stores/ui-store'

/** The main window: header with search and cluster states, the fleet tree, the details of the selection. */
export function App(): ReactElement {
  const { t } = useTranslation()
  // The tree shows the opened inventory snapshot's fleet, else the live one.
  const loaded = useShownFleet((s) => s.loaded)
  const clusterCount = useShownFleet((s) => Object.keys(s.clusters).length)
  const offline = useOffline()
  const [managing, setManaging] = useState(false)
  const wide = useWideHeader()
  const mainView = useUiStore((s) => s.mainView)
  useInventorySync()
  useDrSync()
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 440, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Title order={4} style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
            {t('app.title')}
          </Title>
          <SearchBar />
          <Group gap="xs" wrap="nowrap">
            {/* Live connection states would read as the snapshot's: not shown while one is. */}
            {offline ? null : <ClusterChips />}
            {offline ? null : <TasksButton />}
            <DrButton />
            {offline ? null : <ActionPreferencesButton />}
            <LookMenu />
            <CaptureButton />
            <InventoryButton />
            <Tooltip
              label={offline ? t('inventory.offline.actionsOff') : t('clusters.manage')}
              disabled={!offline && wide}
              withinPortal
              multiline
              maw={320}
            >
              {/* The span takes the pointer a disabled button ignores, so that its tooltip still says why. */}
              <span data-testid="manage-clusters">
                <Button
                  size="xs"
                  variant="default"
                  px={wide ? undefined : 8}
                  leftSection={wide ? <Boxes size={14} aria-hidden="true" /> : undefined}
                  onClick={() => setManaging(true)}
                  disabled={offline}
                  aria-label={t('clusters.manage')}
                >
                  {wide ? t('clusters.manage') : <Boxes size={16} aria-hidden="true" />}
                </Button>
              </span>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p={0}>
        <main data-ready={loaded ? 'true' : 'false'} style={{ height: '100%' }}>
          {/* Offline first: a snapshot without clusters is no live onboarding. The same wrapper either way, so
              the tree stays mounted (its caches and scroll) across a snapshot opened and closed. */}
          {offline || (loaded && clusterCount > 0) ? (
            <div className={offline ? 'tree-pane offline-tree' : 'tree-pane'}>
              {offline ? <OfflineTreeLabel /> : null}
              <ViewSwitcher />
              <FleetTree />
            </div>
          ) : !loaded ? (
            <Group p="md" gap="xs">
              <Loader size="xs" />
              <Text size="sm">{t('app.loading')}</Text>
            </Group>
          ) : (
            <Stack p="md" align="flex-start">
              <Text>{t('app.noClusters')}</Text>
              <Button leftSection={<Plus size={16} />} onClick={() => setManaging(true)}>
                {t('clusters.add')}
              </Button>
            </Stack>
          )}
        </main>
      </AppShell.Navbar>
      <AppShell.Main className="app-main">
        <FailureBanner />
        <HealthBanner />
        <OfflineBanner />
        <Workspace details={mainView === 'dr' ? <ShownDrView /> : <DetailsPane />} />
        {offline ? null : <TaskDock />}
      </AppShell.Main>
      {managing && !offline ? <ClusterManager onClose={() => setManaging(false)} /> : null}
      <FilesPanel />
      <DropOverlay />
      <UploadStatus floating />
      <OfflineAnnouncer />
      <TfaDialog />
      {offline ? null : <ActionsLayer />}
      {offline ? null : <BulkLayer />}
      {offline ? null : <DrToasts />}
    </AppShell>
  )
}

/**
 * One chip per cluster: name and state at a glance, red when it does not answer, orange (with a shield and the
 * node's name) when a node presents a certificate other than the pinned one while the others serve.
 */
function ClusterChips(): ReactElement {
  const { t } = useTranslation()
  const clusters = useFleetStore((s) => s.clusters)
  return (
    <Group gap={6} wrap="nowrap" role="list" aria-label={t('kind.cluster')}>
      {Object.values(clusters).map(({ summary, status }) => {
        const changed = changedCertificates(status).map((e) => e.node ?? e.url)
        const color =
          status.state === 'connecting'
            ? 'gray'
            : status.state !== 'online'
              ? 'red'
              : changed.length > 0
                ? 'orange'
                : 'green'
        return (
          <Badge
            key={summary.id}
            role="listitem"
            color={color}
            variant={status.stale ? 'outline' : 'light'}
            tt="none"
            leftSection={changed.length > 0 ? <ShieldAlert size={12} aria-hidden="true" /> : undefined}
          >
            {summary.name}
            {/* A green chip says "online" by its colour: its words only for the ear, so that five clusters fit a
                1400 px header and the one in trouble still reads in full. */}
            {color === 'green' ? (
              <VisuallyHidden>{` · ${t(`status.${status.state}`)}`}</VisuallyHidden>
            ) : (
              ` · ${t(`status.${status.state}`)}`
            )}
            {changed.length > 0 ? ` · ${t('tree.certificateChanged', { nodes: changed.join(', ') })}` : ''}
          </Badge>
        )
      })}
    </Group>
  )
}

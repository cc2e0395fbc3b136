import './inventory.css'

import { ActionIcon, Button, CopyButton, Group, Text, Tooltip } from '@mantine/core'
import { Archive, Check, Copy, ListX, ShieldCheck, Undo2 } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { ShownInventory } from '../../stores/inventory-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { ExportMenu } from './tools/ExportMenu'
import { IssuesDialog } from './IssuesDialog'
import { bothTimes, localTime, shortDigest, utcMinute } from './inventory-format'

/**
 * Above the workspace while an inventory snapshot is shown, in a colour the live window never uses: when it was
 * taken (local time and UTC), by whom and with which PVE Desk, that its signature holds and whose key signed it,
 * its digest, the clusters the capture did not fully reach, its issues; the way back to the live fleet.
 */
export function OfflineBanner(): ReactElement | null {
  const opened = useInventoryStore((s) => s.opened)
  if (opened === undefined) return null
  return <Banner opened={opened} />
}

/** Closes the snapshot, then puts the focus on the live tree (the button it was on is gone with the banner). */
async function backToLive(): Promise<void> {
  await useInventoryStore.getState().closeSnapshot()
  document.querySelector<HTMLElement>('[role="tree"]')?.focus()
}

function Banner({ opened }: { opened: ShownInventory }): ReactElement {
  const { t, i18n } = useTranslation()
  const [issues, setIssues] = useState(false)
  const { manifest, verification } = opened
  const nameOf = (id: string): string => opened.clusterNames[id] ?? id
  const unreachable = opened.clusters
    .filter((c) => c.reach === 'unreachable')
    .map((c) =>
      c.lastKnownAt === undefined
        ? t('inventory.banner.noData', { cluster: nameOf(c.clusterId) })
        : t('inventory.banner.lastKnown', {
            cluster: nameOf(c.clusterId),
            date: bothTimes(c.lastKnownAt, i18n.language),
          }),
    )
  const partial = opened.clusters.filter((c) => c.reach === 'partial').map((c) => nameOf(c.clusterId))
  const sha256 = manifest.content.sha256
  return (
    <section
      className="offline-banner"
      aria-label={t('inventory.banner.label')}
      data-testid="offline-banner"
      data-snapshot={opened.snapshotId}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Group gap={8} wrap="nowrap" align="center" style={{ minWidth: 0 }}>
          <Archive size={20} aria-hidden="true" style={{ flex: 'none' }} />
          <Text fw={700} size="md" className="offline-banner-title">
            {t('inventory.banner.title')}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap" style={{ flex: 'none' }}>
          <ExportMenu snapshotId={opened.snapshotId} />
          <Button
            size="xs"
            color="dark"
            variant="white"
            leftSection={<Undo2 size={14} aria-hidden="true" />}
            onClick={() => void backToLive()}
          >
            {t('inventory.offline.back')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" data-fact="taken">
        {t('inventory.banner.taken', {
          local: localTime(manifest.takenAt, i18n.language),
          utc: utcMinute(manifest.takenAt),
        })}{' '}
        {t('inventory.banner.by', {
          user: manifest.takenBy.user,
          host: manifest.takenBy.host,
          version: manifest.app.version,
        })}
        {' · '}
        {opened.file.name}
      </Text>
      <Group gap={6} wrap="wrap" data-fact="signature">
        <ShieldCheck size={15} aria-hidden="true" />
        <Text size="sm">
          {t('inventory.banner.signature', { fingerprint: verification.signer.fingerprint })} (
          {verification.thisInstallation ? t('inventory.banner.thisKey') : t('inventory.banner.otherKey')})
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap">
        <Tooltip label={sha256} withinPortal maw={420} multiline>
          <Text size="sm" ff="monospace" data-fact="digest" data-sha256={sha256}>
            {`${t('inventory.banner.digest')} ${shortDigest(sha256)}`}
          </Text>
        </Tooltip>
        <CopyButton value={sha256}>
          {({ copied, copy }) => (
            <Tooltip
              label={copied ? t('inventory.banner.copied') : t('inventory.banner.copyDigest')}
              withinPortal
            >
              <ActionIcon
                size="sm"
                variant="subtle"
                color="white"
                onClick={copy}
                aria-label={t('inventory.banner.copyDigest')}
              >
                {copied ? <Check size={13} /> : <Copy size={13} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Group gap="sm" wrap="wrap" align="center">
        {unreachable.length > 0 ? (
          <Text size="sm" fw={600} data-fact="unreachable" className="offline-banner-warn">
            {t('inventory.banner.unreachable', {
              clusters: unreachable.join(', '),
              count: unreachable.length,
            })}
          </Text>
        ) : null}
        {partial.length > 0 ? (
          <Text size="sm" data-fact="partial">
            {t('inventory.banner.partial', { clusters: partial.join(', '), count: partial.length })}
          </Text>
        ) : null}
        <Button
          size="compact-sm"
          variant="white"
          color="dark"
          leftSection={<ListX size={14} aria-hidden="true" />}
          onClick={() => setIssues(true)}
          data-fact="issues"
        >
          {t('inventory.banner.issues', { count: opened.issues.length })}
        </Button>
      </Group>
      {issues ? <IssuesDialog opened={opened} onClose={() => setIssues(false)} /> : null}
    </section>
  )
}

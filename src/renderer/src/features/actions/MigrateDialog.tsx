import { Alert, Checkbox, List, Stack, Text } from '@mantine/core'
import { TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestRef, MigrationCheck } from '../../../../shared/model/guest-action'
import { pveDesk } from '../../api/client'
import { formatBytes } from '../../lib/format'
import { DialogFrame } from './DialogFrame'
import { useGuestFacts } from './guest-facts'
import { MigrationTargets } from './MigrationTargets'
import { useDialogRun } from './use-dialog-run'
import { useGuestQuery } from './use-guest-query'

/**
 * Migrate: PVE's precondition (`GET …/migrate`) as a list of targets with their load and site, live for a
 * running VM, restart mode for a running container (PVE has no live container migration), and local disks
 * copied only when the user accepts PVE's warning (then a confirmation, as for anything that can lose data).
 */
export function MigrateDialog({ guest: ref }: { guest: GuestRef }): ReactElement {
  const { t, i18n } = useTranslation()
  const facts = useGuestFacts(ref)
  const name = facts?.guest.name ?? String(ref.vmid)
  const { busy, error, run } = useDialogRun(ref, name)
  const check = useGuestQuery<MigrationCheck>(`${ref.clusterId}/${ref.vmid}`, (options) =>
    pveDesk().guestMigrateCheck({ guest: ref }, options),
  )
  const [target, setTarget] = useState<string>()
  const [online, setOnline] = useState(true)
  const [acceptDisks, setAcceptDisks] = useState(false)
  const value = check.value
  const qemu = facts?.guest.type === 'qemu'
  const running = value?.running ?? facts?.guest.status === 'running'
  const disks = value?.localDisks.filter((d) => d.cdrom !== true) ?? []
  const resources = value?.localResources ?? []
  const chosen = value?.targets.find((c) => c.node === target && c.allowed && c.online)
  const canRun = chosen !== undefined && (disks.length === 0 || acceptDisks)
  return (
    <DialogFrame
      title={t('actions.migrate.title', { name, vmid: ref.vmid })}
      facts={facts}
      testId="action-migrate"
      loading={check.loading}
      error={error ?? check.error}
      busy={busy}
      canRun={canRun}
      danger={disks.length > 0}
      runLabel={t('actions.migrate.run')}
      onRun={() => {
        if (chosen === undefined) return
        run({
          kind: 'migrate',
          target: chosen.node,
          ...(qemu && running ? { online } : {}),
          ...(!qemu && running ? { restart: true } : {}),
          ...(disks.length > 0 && acceptDisks ? { withLocalDisks: true } : {}),
        })
      }}
    >
      {value === undefined ? null : (
        <Stack gap="sm">
          <MigrationTargets check={value} selected={target} onSelect={setTarget} />
          {qemu && running ? (
            <Checkbox
              label={t('actions.migrate.online')}
              description={t('actions.migrate.onlineHint')}
              checked={online}
              onChange={(e) => setOnline(e.currentTarget.checked)}
            />
          ) : null}
          {!qemu && running ? (
            <Text size="sm" c="dimmed" data-testid="migrate-restart">
              {t('actions.migrate.restart')}
            </Text>
          ) : null}
          {resources.length > 0 ? (
            <Alert color="orange" icon={<TriangleAlert size={16} />} data-testid="migrate-resources">
              <Text size="sm">{t('actions.migrate.localResources')}</Text>
              <List size="sm">
                {resources.map((r) => (
                  <List.Item key={r}>{r}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          {disks.length > 0 ? (
            <Alert color="orange" icon={<TriangleAlert size={16} />} data-testid="migrate-disks">
              <Text size="sm">{t('actions.migrate.localDisks')}</Text>
              <List size="sm" mb="xs">
                {disks.map((d) => (
                  <List.Item key={d.volid}>
                    {d.size === undefined ? d.volid : `${d.volid} (${formatBytes(d.size, i18n.language)})`}
                  </List.Item>
                ))}
              </List>
              <Checkbox
                label={t('actions.migrate.acceptDisks')}
                checked={acceptDisks}
                onChange={(e) => setAcceptDisks(e.currentTarget.checked)}
                data-testid="migrate-accept-disks"
              />
            </Alert>
          ) : null}
        </Stack>
      )}
    </DialogFrame>
  )
}

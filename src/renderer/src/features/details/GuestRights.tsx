import { Group, List, Text, Tooltip } from '@mantine/core'
import { Check, X } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { capability } from '../../stores/capabilities'
import type { ClusterView } from './cluster-view'

/** `change: false`: a console changes nothing by itself, so a read-only cluster still allows it. */
const RIGHTS = [
  { key: 'power', label: 'capability.power', privilege: 'VM.PowerMgmt', change: true },
  { key: 'console', label: 'capability.console', privilege: 'VM.Console', change: false },
  { key: 'config', label: 'capability.config', privilege: 'VM.Config.Options', change: true },
  { key: 'backup', label: 'capability.backup', privilege: 'VM.Backup', change: true },
  // The actions' other privileges (ACTION_PRIVILEGES): migrate, guest snapshots.
  { key: 'migrate', label: 'actions.rights.migrate', privilege: 'VM.Migrate', change: true },
  { key: 'snapshot', label: 'actions.rights.snapshot', privilege: 'VM.Snapshot', change: true },
] as const

/** What the user may do with this guest, from PVE's own privileges; each "no" says why. */
export function GuestRights({
  entry,
  vmid,
  pool,
}: {
  entry: ClusterView
  vmid: number
  /** The guest's pool: PVE then lists the guest's own path whenever it walked it. */
  pool: string | undefined
}): ReactElement {
  const { t } = useTranslation()
  return (
    <div>
      <Text size="sm" fw={600} mb={4}>
        {t('capability.title')}
      </Text>
      <List size="sm" spacing={2} listStyleType="none" aria-label={t('capability.title')}>
        {RIGHTS.map(({ key, label, privilege, change }) => {
          const { allowed, reason } = capability(
            entry,
            `/vms/${vmid}`,
            privilege,
            change,
            pool === undefined ? {} : { pool },
          )
          const why = reason === undefined ? '' : t(reason.key, reason.values)
          return (
            <List.Item key={key} data-right={key} data-allowed={allowed}>
              <Tooltip label={why} disabled={allowed}>
                <Group gap={6}>
                  {allowed ? (
                    <Check size={14} color="var(--mantine-color-green-6)" aria-hidden="true" />
                  ) : (
                    <X size={14} color="var(--mantine-color-red-6)" aria-hidden="true" />
                  )}
                  <Text size="sm" c={allowed ? undefined : 'dimmed'}>
                    {t(label)}
                  </Text>
                  {allowed ? null : <Text size="xs" c="dimmed">{`— ${why}`}</Text>}
                </Group>
              </Tooltip>
            </List.Item>
          )
        })}
      </List>
    </div>
  )
}

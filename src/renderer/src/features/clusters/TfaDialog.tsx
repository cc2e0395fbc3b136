import { Modal } from '@mantine/core'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { useFleetStore } from '../../stores/fleet-store'
import { SecondFactor } from './ClusterProblems'

/**
 * Asks for the second factor as soon as a cluster's login waits for one: the connection cannot go on without
 * the operator. Closing it leaves the request in that cluster's details.
 */
export function TfaDialog(): ReactElement | null {
  const { t } = useTranslation()
  const clusters = useFleetStore((s) => s.clusters)
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())
  const waiting = Object.values(clusters).find(
    (c) =>
      c.status.error?.code === 'tfa_required' && !dismissed.has(`${c.summary.id}:${c.status.error.message}`),
  )
  if (waiting === undefined) return null
  const key = `${waiting.summary.id}:${waiting.status.error?.message ?? ''}`
  const user = waiting.summary.auth?.kind === 'password' ? waiting.summary.auth.username : ''
  return (
    <Modal
      opened
      onClose={() => setDismissed(new Set([...dismissed, key]))}
      title={`${t('kind.cluster')} ${waiting.summary.name}`}
    >
      <SecondFactor clusterId={waiting.summary.id} user={user} />
    </Modal>
  )
}

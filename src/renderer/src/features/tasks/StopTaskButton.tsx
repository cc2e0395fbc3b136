import { Alert, Button, Group, Modal, Text, Tooltip } from '@mantine/core'
import { OctagonX } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { PveTask } from '../../../../shared/model/task'
import { pveDesk, unwrap } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFleetStore } from '../../stores/fleet-store'
import { siteColour } from '../consoles/site-colour'
import { stopCapability } from './stop-rule'
import { taskFacts } from './task-rows'
import { guestLabel, typeWords } from './task-words'

/**
 * Stop for a running task, after a confirmation naming the task, its guest, node, site (in its colour) and
 * cluster. Disabled with the reason on a read-only cluster or without `Sys.Modify` for someone else's task.
 * PVE's refusal is shown in the dialog, in its own words.
 */
export function StopTaskButton({ task }: { task: PveTask }): ReactElement | null {
  const { t } = useTranslation()
  const entry = useFleetStore((s) => s.clusters[task.clusterId])
  const clusters = useFleetStore((s) => s.clusters)
  const items = useFleetStore((s) => s.items)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  if (task.state !== 'running') return null
  const allowed = stopCapability(entry, task)
  const facts = taskFacts(task, clusters, items)
  const guest = guestLabel(facts)
  const stop = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      await unwrap(pveDesk().taskStop({ clusterId: task.clusterId, upid: task.upid }))
      setConfirming(false)
    } catch (failure: unknown) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }
  const reason = allowed.reason === undefined ? undefined : t(allowed.reason.key, allowed.reason.values)
  return (
    <>
      <Tooltip label={reason ?? t('tasks.stop.button')} withinPortal multiline maw={320}>
        {/* The span takes the pointer a disabled button ignores, so that its tooltip still says why. */}
        <span>
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            leftSection={<OctagonX size={13} />}
            disabled={!allowed.allowed}
            onClick={() => {
              setError(undefined)
              setConfirming(true)
            }}
          >
            {t('tasks.stop.button')}
          </Button>
        </span>
      </Tooltip>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('tasks.stop.title')} size="md">
        <Text size="sm">
          {t('tasks.stop.text', {
            type: typeWords(task.type, t),
            guest: guest === '' ? '' : t('tasks.stop.guest', { guest }),
            node: task.node,
            site: facts.site,
            cluster: facts.clusterName,
          })}
        </Text>
        <Group gap={6} mt="xs">
          <span className="task-site-dot" style={{ background: siteColour(facts.site) }} aria-hidden="true" />
          <Text size="sm" fw={600} style={{ color: siteColour(facts.site) }}>
            {facts.site}
          </Text>
          <Text size="sm" c="dimmed">
            · {facts.clusterName} · {task.node}
          </Text>
        </Group>
        {error === undefined ? null : (
          <Alert color="red" mt="sm" role="alert" data-testid="task-stop-error">
            {t('tasks.stop.failed')} {describeError(error, t)}
          </Alert>
        )}
        <Group justify="flex-end" mt="md">
          {/* Cancel first in focus: Enter in the dialog must not stop a running migration at once. */}
          <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
            {t('tasks.stop.cancel')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void stop()}>
            {t('tasks.stop.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  )
}

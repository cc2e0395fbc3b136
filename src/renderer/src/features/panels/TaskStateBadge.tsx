import { Badge } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { PveTask } from '../../../../shared/model/task'
import { stateText } from '../tasks/task-words'

/** One colour per task state in every task history (the task toasts' colours). */
const STATE_COLOUR: Record<PveTask['state'], string> = {
  running: 'blue',
  ok: 'green',
  warning: 'yellow',
  error: 'red',
  unknown: 'gray',
}

/** A task's state in words (PVE's own error text for a failed one), coloured by state. */
export function TaskStateBadge({ task }: { task: PveTask }): ReactElement {
  const { t } = useTranslation()
  return (
    <Badge size="sm" variant="light" color={STATE_COLOUR[task.state]} tt="none">
      {stateText(task, t)}
    </Badge>
  )
}

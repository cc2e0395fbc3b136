import type { PveTask } from '../../../../shared/model/task'
import type { Capability } from '../../stores/capabilities'
import { capability } from '../../stores/capabilities'
import type { ClusterEntry } from '../../stores/fleet-store'
import { loginOf, ownsTask } from './task-words'

/**
 * May the user stop this task, and if not, why? A read-only cluster refuses (main would answer `read_only`);
 * the task's owner may stop it, anyone else needs `Sys.Modify` on `/nodes/<node>` (pve-manager PVE/API2/Tasks.pm
 * `stop_task`). An HA agent's task runs as root@pam: stopping it takes `Sys.Modify` even when PVE Desk asked
 * for it.
 */
export function stopCapability(
  entry: Pick<ClusterEntry, 'summary' | 'permissions' | 'capture'> | undefined,
  task: Pick<PveTask, 'state' | 'node' | 'user'>,
): Capability {
  if (task.state !== 'running') return { allowed: false }
  if (entry !== undefined && entry.capture === undefined && ownsTask(loginOf(entry.summary), task.user)) {
    if (entry.summary.readOnly)
      return {
        allowed: false,
        reason: { key: 'capability.readOnly', values: { cluster: entry.summary.name } },
      }
    return { allowed: true }
  }
  return capability(entry, `/nodes/${task.node}`, 'Sys.Modify')
}

import type { ClusterStatus } from '../../../../shared/model/fleet'
import type { PveTask } from '../../../../shared/model/task'
import type { Capability } from '../../stores/capabilities'
import { capability } from '../../stores/capabilities'
import type { ClusterEntry } from '../../stores/fleet-store'
import { loginOf, ownsTask } from './task-words'

/**
 * May the user stop this task, and if not, why? A read-only cluster refuses (main would answer `read_only`);
 * the task's owner may stop it, anyone else needs `Sys.Modify` on `/nodes/<node>` (pve-manager PVE/API2/Tasks.pm
 * `stop_task`). An HA agent's task runs as root@pam: stopping it takes `Sys.Modify` even when PVE Desk asked
 * for it. A cluster that does not answer now cannot be asked (as the guest actions' availability says).
 */
export function stopCapability(
  entry:
    | (Pick<ClusterEntry, 'summary' | 'permissions' | 'capture'> & { status?: Pick<ClusterStatus, 'state'> })
    | undefined,
  task: Pick<PveTask, 'state' | 'node' | 'user'>,
): Capability {
  if (task.state !== 'running') return { allowed: false }
  const cap = byPrivilege(entry, task)
  if (!cap.allowed) return cap
  const state = entry?.status?.state
  if (entry !== undefined && state !== undefined && state !== 'online' && state !== 'connecting')
    return {
      allowed: false,
      reason: { key: 'tasks.stop.clusterDown', values: { cluster: entry.summary.name } },
    }
  return cap
}

function byPrivilege(
  entry: Pick<ClusterEntry, 'summary' | 'permissions' | 'capture'> | undefined,
  task: Pick<PveTask, 'node' | 'user'>,
): Capability {
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

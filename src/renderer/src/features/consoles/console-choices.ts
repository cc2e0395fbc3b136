import type { ConsoleKind, ConsoleTarget } from '../../../../shared/model/console'
import { consolePath, consolePrivilege } from '../../../../shared/model/console'
import type { FleetGuest, FleetNode, NodeStatus } from '../../../../shared/model/fleet'
import type { Capability } from '../../stores/capabilities'
import { capability } from '../../stores/capabilities'
import type { ClusterEntry } from '../../stores/fleet-store'

/**
 * `shell` a node's shell (termproxy), `console` a container's console (termproxy), `screen` the VNC screen
 * (vncproxy, or vncshell for a node), `serial` a VM's serial terminal (termproxy on `serial0`), `spice` the VM's
 * SPICE display in remote-viewer.
 */
export type ConsoleChoiceId = 'shell' | 'console' | 'screen' | 'serial' | 'spice'

export type ConsoleShortcut = 'Enter' | 'Shift+Enter' | 'Ctrl+Enter' | 'Ctrl+Shift+Enter'

export interface ConsoleChoice {
  id: ConsoleChoiceId
  /** How it opens: a tab of the workspace (terminal, vnc), or remote-viewer outside PVE Desk. */
  kind: ConsoleKind | 'spice'
  target: ConsoleTarget
  /** May it open now, and if not why (an i18n key with its values). */
  capability: Capability
  /**
   * The key that opens it on the selected row. A guest's consoles take Enter and Shift+Enter; a node's shell
   * takes a deliberate Ctrl+Enter, since Enter on a node row is the tree's own key (a root shell must not open
   * by a key pressed to expand a row).
   */
  shortcut?: ConsoleShortcut
}

type Subject =
  | { kind: 'node'; item: Pick<FleetNode, 'node' | 'status'> }
  | {
      kind: 'guest'
      item: Pick<FleetGuest, 'type' | 'vmid' | 'node' | 'status' | 'pool' | 'template'>
      /** The guest's node as the fleet knows it (undefined when not listed). */
      nodeStatus?: NodeStatus
    }

const refused = (key: string, values: Record<string, string> = {}): Capability => ({
  allowed: false,
  reason: { key, values },
})

/**
 * The consoles a node or guest offers, each allowed or disabled with its reason. Rights first (they do not pass
 * by waiting), then what stops a console now: the cluster down, the node offline.
 * A console changes nothing by itself, so a read-only cluster still allows it. The polled guest status is not
 * trusted to refuse (it lags a start by a poll). The fleet does not know whether
 * a VM has a serial port: the serial terminal is offered, and the console's error says so when there is none.
 */
export function consoleChoices(
  entry: Pick<ClusterEntry, 'summary' | 'permissions' | 'status'> | undefined,
  subject: Subject,
): ConsoleChoice[] {
  const target: ConsoleTarget =
    subject.kind === 'node'
      ? { type: 'node', node: subject.item.node }
      : { type: subject.item.type, node: subject.item.node, vmid: subject.item.vmid }
  const context =
    subject.kind === 'guest' && subject.item.pool !== undefined ? { pool: subject.item.pool } : {}
  const rights = capability(entry, consolePath(target), consolePrivilege(target), false, context)
  const now = ((): Capability => {
    if (!rights.allowed) return rights
    if (entry !== undefined && entry.status.state !== 'online')
      return refused('consoles.clusterDown', { cluster: entry.summary.name })
    const nodeStatus = subject.kind === 'node' ? subject.item.status : subject.nodeStatus
    // Only a node the cluster reports offline refuses: `unknown` is not "offline", and a guest the last poll
    // saw stopped may have started since — main's `not_running` error says so when it really is not running.
    if (nodeStatus === 'offline') return refused('consoles.nodeOffline', { node: target.node })
    if (subject.kind === 'guest' && subject.item.template) return refused('consoles.template')
    return rights
  })()
  const choice = (
    id: ConsoleChoiceId,
    kind: ConsoleChoice['kind'],
    shortcut?: ConsoleChoice['shortcut'],
  ): ConsoleChoice => ({ id, kind, target, capability: now, ...(shortcut ? { shortcut } : {}) })
  if (subject.kind === 'node')
    return [choice('shell', 'terminal', 'Ctrl+Enter'), choice('screen', 'vnc', 'Ctrl+Shift+Enter')]
  if (subject.item.type === 'lxc')
    return [choice('console', 'terminal', 'Enter'), choice('screen', 'vnc', 'Shift+Enter')]
  return [
    choice('screen', 'vnc', 'Enter'),
    choice('serial', 'terminal', 'Shift+Enter'),
    choice('spice', 'spice'),
  ]
}

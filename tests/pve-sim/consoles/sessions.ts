// Console sessions as termproxy, vncterm and `qm vncproxy` leave them on the node that answered the POST: one
// local port (5900-5999) per session, bound to the user, the resource path and a ticket; the websocket must
// come to that node within 10 s, and the session ends with its connection.

import type { Task, TaskOutcome } from '../tasks/engine'
import type { SimConsole } from '../types'

export type ConsoleKind = 'term' | 'vnc'

/** What the console shows: the node's shell, a container's console, or a VM's serial port or screen. */
export interface ConsoleTarget {
  type: 'node' | 'lxc' | 'qemu'
  /** Node name, or the guest's name (its hostname). */
  name: string
  /** The node the object lives on (for `qm list` and the prompt). */
  node: string
  vmid?: number
}

export interface ConsoleSession {
  kind: ConsoleKind
  /** The node whose pveproxy answered the POST (the websocket must come there). */
  node: string
  port: number
  authid: string
  /** `/nodes/<node>` or `/vms/<vmid>`. */
  path: string
  ticket: string
  /** VNC password (8 characters) for vncproxy/vncshell with websocket. */
  password?: string
  /**
   * vncterm (node vncshell, container vncproxy) without `websocket=1` runs without `-notls`: VeNCrypt with x509
   * TLS and the ticket as password, never plain VNC Authentication.
   */
  vencrypt?: boolean
  target: ConsoleTarget
  task: Task
  createdAt: number
  connected: boolean
  /** Closes the live connection (node stop, reset). */
  close?: () => void
  /** How the task ends when the connection does; undefined = `OK` (the client hung up). */
  outcome?: TaskOutcome
  /** termproxy pings (`2`) received, and the last resize, for tests. */
  pings: number
  size?: { cols: number; rows: number }
}

/** Ports taken by other local services in the real world start at 5900; each node counts its own. */
const FIRST_PORT = 5900
const LAST_PORT = 5999
/** termproxy and vncterm wait this long for the connection. */
export const ACCEPT_TIMEOUT_MS = 10_000

export class ConsoleRegistry {
  private readonly byNode = new Map<string, Map<number, ConsoleSession>>()

  private ports(node: string): Map<number, ConsoleSession> {
    let ports = this.byNode.get(node)
    if (ports === undefined) {
      ports = new Map()
      this.byNode.set(node, ports)
    }
    return ports
  }

  /** The lowest free port of the node, after dropping sessions nobody connected to in time. */
  allocate(node: string, now: number): number {
    const ports = this.ports(node)
    for (const [port, session] of ports) {
      if (!session.connected && now - session.createdAt > ACCEPT_TIMEOUT_MS) ports.delete(port)
    }
    for (let port = FIRST_PORT; port <= LAST_PORT; port++) if (!ports.has(port)) return port
    throw new Error('unable to find free port (5900-5999)')
  }

  add(session: ConsoleSession): void {
    this.ports(session.node).set(session.port, session)
  }

  get(node: string, port: number): ConsoleSession | undefined {
    return this.byNode.get(node)?.get(port)
  }

  remove(session: ConsoleSession): void {
    const ports = this.byNode.get(session.node)
    if (ports?.get(session.port) === session) ports.delete(session.port)
  }

  /** A node that stops loses its consoles. */
  dropNode(node: string): void {
    for (const session of this.byNode.get(node)?.values() ?? []) session.close?.()
    this.byNode.delete(node)
  }

  /** Every session of every node, for the control API and tests. */
  describe(): SimConsole[] {
    return [...this.byNode.values()].flatMap((ports) =>
      [...ports.values()].map((s) => {
        const entry: SimConsole = {
          node: s.node,
          port: s.port,
          kind: s.kind,
          target: s.target.type,
          name: s.target.name,
          authid: s.authid,
          upid: s.task.upid,
          connected: s.connected,
          pings: s.pings,
        }
        if (s.target.vmid !== undefined) entry.vmid = s.target.vmid
        if (s.size !== undefined) entry.size = { ...s.size }
        return entry
      }),
    )
  }

  clear(): void {
    for (const node of [...this.byNode.keys()]) this.dropNode(node)
  }
}

import { z } from 'zod'

import { AppErrorShape } from '../ipc/errors'

/**
 * Consoles as the renderer and main speak of them. Only metadata crosses here: the bytes go through the
 * `console:attach` stream, and no ticket, VNC password or secret is ever part of a console's description.
 */

/** A node name as PVE allows it (`pve-node` format: a DNS label). */
export const nodeName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/, 'a node name')
export const vmid = z.number().int().min(100).max(999_999_999)

/** What a console shows: a node's shell, or a guest (its serial terminal, container console or screen). */
export const ConsoleTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('node'), node: nodeName }).strict(),
  z.object({ type: z.enum(['qemu', 'lxc']), node: nodeName, vmid }).strict(),
])
export type ConsoleTarget = z.infer<typeof ConsoleTarget>

/**
 * `terminal`: xterm.js over termproxy (node shell, container console, VM serial port);
 * `vnc`: noVNC over vncproxy/vncshell (a VM's screen, a container or node as vncterm draws it).
 */
export const ConsoleKind = z.enum(['terminal', 'vnc'])
export type ConsoleKind = z.infer<typeof ConsoleKind>

export const ConsoleState = z.enum(['connecting', 'connected', 'closed'])
export type ConsoleState = z.infer<typeof ConsoleState>

/**
 * Why a console ended: `user` closed it; `remote` ended on the PVE side (the shell exited, the guest stopped);
 * `lost` lost its connection (node stopped, network); `failed` could not open (the error says why); `cluster`
 * its cluster was removed or its connection disposed; `abandoned` no window held it for the grace period;
 * `app` PVE Desk quit; `moved` (a VM screen's connection in the record, never a console's end) its window let go
 * of the screen — it went to another window, or its window reloaded or closed — and the next window gets an RFB
 * connection of its own.
 */
export const ConsoleEndReason = z.enum([
  'user',
  'remote',
  'lost',
  'failed',
  'cluster',
  'abandoned',
  'app',
  'moved',
])
export type ConsoleEndReason = z.infer<typeof ConsoleEndReason>

/** One console of the workspace, open or closed but not yet dismissed by the user. */
export const ConsoleInfo = z.object({
  /** Random, unguessable; the key of the console's tab and of its stream. */
  consoleId: z.string(),
  clusterId: z.string(),
  target: ConsoleTarget,
  kind: ConsoleKind,
  /** The guest's name when the console opened (the tab's title). */
  guestName: z.string().optional(),
  /** The site label of the node, for the tab's colour. */
  site: z.string().optional(),
  state: ConsoleState,
  /** When the state last changed (ms since the epoch). */
  since: z.number(),
  openedAt: z.number(),
  /** Who PVE runs the console as (`root@pam`, `noc@pve`, a token id `user@realm!name`). */
  user: z.string(),
  /** Whether a window holds the console's stream now (a detached window, or the workspace). */
  attached: z.boolean(),
  /** How many times the user connected it again (Reconnect); a VNC screen moving to another window is not one. */
  reconnects: z.number().int(),
  endReason: ConsoleEndReason.optional(),
  error: AppErrorShape.optional(),
  /**
   * What the user should know before typing: PVE gives a non-`root@pam` node shell a login prompt
   * (`login_prompt`), and a guest console shows its own getty.
   */
  notice: z.enum(['login_prompt']).optional(),
})
export type ConsoleInfo = z.infer<typeof ConsoleInfo>

/**
 * One console connection as kept in the local record of console sessions: who opened what, when, for how long,
 * how it ended. Never a keystroke or a pixel. Each reconnect is a record of its own.
 */
export const ConsoleRecord = z.object({
  consoleId: z.string(),
  clusterId: z.string(),
  clusterName: z.string(),
  target: ConsoleTarget,
  /** A console's kind, or `spice`: a SPICE viewer started (remote-viewer, outside the workspace). */
  kind: z.enum(['terminal', 'vnc', 'spice']),
  guestName: z.string().optional(),
  site: z.string().optional(),
  /** The PVE user or token the console ran as. */
  pveUser: z.string(),
  /** The operating-system account that ran PVE Desk. */
  localUser: z.string(),
  openedAt: z.number(),
  connectedAt: z.number().optional(),
  /** Absent while the console is open. */
  endedAt: z.number().optional(),
  endReason: ConsoleEndReason.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
})
export type ConsoleRecord = z.infer<typeof ConsoleRecord>

/** A control message the renderer sends on a terminal's stream, beside the bytes it types. */
export const ConsoleControl = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('resize'),
      cols: z.number().int().min(2).max(1000),
      rows: z.number().int().min(1).max(500),
    })
    .strict(),
])
export type ConsoleControl = z.infer<typeof ConsoleControl>

/** The ACL path PVE checks for a console of `target` (`/vms/<vmid>` or `/nodes/<node>`). */
export const consolePath = (target: ConsoleTarget): string =>
  target.type === 'node' ? `/nodes/${target.node}` : `/vms/${target.vmid}`

/** The privilege PVE requires: `Sys.Console` for a node shell, `VM.Console` for a guest. */
export const consolePrivilege = (target: ConsoleTarget): 'Sys.Console' | 'VM.Console' =>
  target.type === 'node' ? 'Sys.Console' : 'VM.Console'

import { z } from 'zod'

import { ConsoleControl, ConsoleInfo, ConsoleKind, ConsoleRecord, ConsoleTarget } from '../../model/console'
import { defineDomain } from '../domain'
import { bytes, clusterId, empty } from '../schemas'

const consoleId = z.string().min(1).max(64)
const consoleRef = z.object({ consoleId }).strict()

/** A console appeared or changed (`changed`), or the user dismissed it (`removed`). */
export const ConsoleEvent = z.union([
  z.object({ kind: z.literal('changed'), console: ConsoleInfo }),
  z.object({ kind: z.literal('removed'), consoleId: z.string() }),
])
export type ConsoleEvent = z.infer<typeof ConsoleEvent>

/**
 * Consoles: main holds every upstream (termproxy, vncproxy + vncwebsocket over the node's pinned TLS, with the
 * cluster's session) and bridges bytes; the renderer only ever sees bytes and the metadata below.
 */
export const consoleDomain = defineDomain('console', {
  invoke: {
    /**
     * Opens a console (checked against the user's `VM.Console`/`Sys.Console`; a read-only cluster still may:
     * a console changes nothing by itself). Answers at once with the console `connecting`; attach to it with
     * `console:attach`. The console belongs to its cluster's connection and to the windows of this app.
     */
    'console:open': {
      request: z.object({ clusterId, target: ConsoleTarget, kind: ConsoleKind }).strict(),
      response: ConsoleInfo,
    },
    /** Connects a closed console again, in the same tab (a new session on the PVE side). */
    'console:reconnect': { request: consoleRef, response: ConsoleInfo },
    /** Ends a console (if open) and forgets it: its tab goes. */
    'console:close': { request: consoleRef, response: z.null() },
    /** The consoles of the workspace, open or ended but not dismissed (a reloaded window re-attaches them). */
    'console:list': { request: empty, response: z.array(ConsoleInfo) },
    /** The local record of console sessions, newest first (no keystrokes, no screen content). */
    'console:history': {
      request: z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict(),
      response: z.array(ConsoleRecord),
    },
    /**
     * Opens a guest's SPICE display in remote-viewer (virt-viewer): the `.vv` file goes into a private folder,
     * mode 0600, and is deleted once the viewer started. Fails with `viewer_missing` when remote-viewer is not
     * installed, `console_unavailable` (`detail.reason: no_spice`) for a guest without a SPICE display.
     */
    'console:spice': {
      request: z
        .object({
          clusterId,
          target: ConsoleTarget.refine((t) => t.type !== 'node', 'a guest'),
        })
        .strict(),
      response: z.object({ viewer: z.string() }),
    },
  },
  events: {
    'console:changed': ConsoleEvent,
  },
  streams: {
    /**
     * The bytes of one console. Terminal: the renderer sends what the user types (UTF-8) and resize controls,
     * main sends terminal output (first the recent scrollback, so a reloaded or detached window shows the
     * screen). VNC: RFB from the security result on (main answered VNC authentication upstream). One window at a
     * time: attaching from another window ends the first one's stream with `conflict` (`detail.reason: moved`).
     */
    'console:attach': {
      open: consoleRef,
      up: z.union([bytes, ConsoleControl]),
      down: bytes,
    },
  },
})

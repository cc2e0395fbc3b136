// Console endpoints: termproxy (xterm.js), vncproxy/vncshell (noVNC), vncwebsocket (its plain GET answers the
// port; the upgrade is consoles/gateway.ts) and spiceproxy (the .vv fields). termproxy and vncproxy run on the
// node that answered: the websocket must come back to that same node, within 10 s, with the ticket.
// As in PVE the POSTs only load the guest's config: a stopped guest or a VM without a serial port gets its
// port and ticket, and the failure shows in the stream and in the task (consoles/gateway.ts).

import { createHash, randomBytes } from 'node:crypto'

import type { ConsoleKind, ConsoleSession, ConsoleTarget } from '../consoles/sessions'
import { ACCEPT_TIMEOUT_MS } from '../consoles/sessions'
import { ok } from '../http'
import type { GuestState, GuestType } from '../model'
import { bool, int, str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError, caller } from '../router'
import type { TaskOutcome } from '../tasks/engine'
import { endTask, startTask } from '../tasks/engine'
import { hasSpice } from '../views/guests'
import {
  isTokenId,
  nodeConsoleTakesTokens,
  notAUserName,
  termproxyCommand,
  termproxyFailed,
} from '../consoles/pve-release'
import { guestOf } from './guest-common'
import { nodeOf } from './nodes'

/** 8 printable characters from `!` to `` ` `` (what PVE draws for VNC passwords). */
const vncPassword = (): string =>
  [...randomBytes(8)].map((b) => String.fromCharCode(0x21 + (b % 64))).join('')

/** How the worker ends when nobody connects within 10 s. */
function timedOut(rc: RouteContext, kind: ConsoleKind, target: ConsoleTarget, port: number): TaskOutcome {
  if (kind === 'term') {
    // termproxy/src/main.rs `listen_and_accept`, then exit 1.
    const command = termproxyCommand(rc.cluster, target, port, caller(rc).authid)
    return { error: termproxyFailed(command), lines: ['failed waiting for client: timed out'] }
  }
  // qemu-server API2/Qemu.pm `vncproxy`: alarm → die; vncterm just leaves its loop and exits 0.
  return target.type === 'qemu' ? { error: 'connection timed out' } : {}
}

function open(
  rc: RouteContext,
  kind: ConsoleKind,
  target: ConsoleTarget,
  withPassword: boolean,
): ConsoleSession {
  const services = rc.ctx.services
  const node = rc.ctx.node
  const authid = caller(rc).authid
  const port = services.consoles.allocate(node, rc.now)
  const path = target.vmid === undefined ? `/nodes/${target.name}` : `/vms/${target.vmid}`
  const ticket = rc.ctx.auth.issueVncTicket(authid, path, port, rc.now)
  const type = target.vmid === undefined ? 'vncshell' : 'vncproxy'
  // The task's timeout step needs the session, which needs the task: the step reads it through this holder.
  const holder: { session?: ConsoleSession } = {}
  const task = startTask(
    rc.cluster,
    {
      node,
      type,
      id: target.vmid === undefined ? '' : String(target.vmid),
      user: authid,
      durationMs: Number.POSITIVE_INFINITY,
      steps: [
        {
          afterMs: ACCEPT_TIMEOUT_MS,
          run: (atMs) => {
            const session = holder.session
            if (session === undefined || session.connected) return undefined
            services.consoles.remove(session)
            endTask(task, timedOut(rc, kind, target, port), atMs)
            return undefined
          },
        },
      ],
    },
    rc.now,
  )
  const session: ConsoleSession = {
    kind,
    node,
    port,
    authid,
    path,
    ticket,
    target,
    task,
    createdAt: rc.now,
    connected: false,
    pings: 0,
  }
  if (withPassword) {
    session.password = vncPassword()
    services.issued.add(session.password)
  }
  holder.session = session
  services.consoles.add(session)
  return session
}

const nodeTarget = (rc: RouteContext): ConsoleTarget => {
  const node = nodeOf(rc).name
  return { type: 'node', name: node, node }
}

/** Node termproxy before pve-manager 9.0.13 and vncshell in every release: `verify_username` on the caller. */
function assertUserName(rc: RouteContext, tokensAllowed: boolean): void {
  const authid = caller(rc).authid
  if (isTokenId(authid) && !tokensAllowed) throw new ApiError(500, notAUserName(authid))
}

const guestTarget = (guest: GuestState): ConsoleTarget => ({
  type: guest.type,
  name: guest.name,
  node: guest.node,
  vmid: guest.vmid,
})

/** spiceproxy talks to the running QEMU (`mon_cmd`) or starts spiceterm in the running container. */
function runningGuest(rc: RouteContext, type: GuestType): GuestState {
  const guest = guestOf(rc, type)
  if (guest.status !== 'running')
    throw new ApiError(500, `${type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid} not running\n`)
  return guest
}

/**
 * vncterm gets a VNC password and `-notls -listen localhost` only with `websocket=1` (pve-container
 * API2/LXC.pm and PVE/API2/Nodes.pm `vncproxy`/`vncshell`); without it, VeNCrypt and the ticket.
 */
function vncterm(rc: RouteContext, target: ConsoleTarget): ConsoleSession {
  const websocket = bool(rc.params, 'websocket') ?? false
  const session = open(rc, 'vnc', target, websocket)
  if (!websocket) session.vencrypt = true
  return session
}

/** termproxy's answer: the port travels as a string (QUIRKS §1). */
const termAnswer = (s: ConsoleSession): ReturnType<Route['run']> =>
  ok({ user: s.authid, ticket: s.ticket, port: String(s.port), upid: s.task.upid })

function vncAnswer(rc: RouteContext, s: ConsoleSession): ReturnType<Route['run']> {
  const data: Record<string, unknown> = {
    user: s.authid,
    ticket: s.password === undefined ? s.ticket : `${s.password}:${s.ticket}`,
    port: String(s.port),
    upid: s.task.upid,
    cert: rc.ctx.services.certificateOf(rc.ctx.node)?.cert ?? '',
  }
  if (s.password !== undefined) data.password = s.password
  return ok(data)
}

/** The plain GET of vncwebsocket checks the ticket and answers the port; the upgrade does the rest. */
function websocketCheck(rc: RouteContext, path: string): ReturnType<Route['run']> {
  const port = int(rc.params, 'port') ?? 0
  const ticket = str(rc.params, 'vncticket') ?? ''
  const authid = caller(rc).authid
  if (path.startsWith('/nodes/')) assertUserName(rc, nodeConsoleTakesTokens(rc.cluster))
  if (!rc.ctx.auth.verifyVncTicket(ticket, authid, path, port, rc.now)) {
    // pve-common Ticket.pm `verify_rsa_ticket`: raise(…, code => HTTP_UNAUTHORIZED); pveproxy then waits 3 s
    // before any 401 (pve-http-server AnyEvent.pm `handle_api2_request`).
    throw new ApiError(401, 'permission denied - invalid PVEVNC ticket\n')
  }
  return ok({ port: String(port) })
}

/** qemu-server QemuServer.pm `spice_port`: QEMU runs a SPICE server only for a qxl (or virtio) display. */
function spiceGuest(rc: RouteContext, type: GuestType): GuestState {
  const guest = runningGuest(rc, type)
  if (type === 'qemu' && !hasSpice(guest)) throw new ApiError(500, 'no spice port\n')
  return guest
}

/** remote-viewer settings (AccessControl.pm `remote_viewer_config`); the proxy ticket lives 40 s. */
function spice(rc: RouteContext, guest: GuestState): ReturnType<Route['run']> {
  const node = guest.node.toLowerCase()
  const port = 61000 + (guest.vmid % 1000)
  const stamp = Math.floor(rc.now / 1000).toString(16)
  const plain = `pvespiceproxy:${stamp}:${guest.vmid}:${node}:${port}`
  const signature = createHash('sha1')
    .update(`${plain}:${caller(rc).authid}`)
    .digest('hex')
  const cert = rc.ctx.services.certificateOf(guest.node)?.cert ?? ''
  const password = randomBytes(20).toString('hex')
  rc.ctx.services.issued.add(password).add(`${plain}::${signature}`)
  return ok({
    type: 'spice',
    title: guest.type === 'qemu' ? `VM ${guest.vmid} - ${guest.name}` : `CT ${guest.vmid}`,
    host: `${plain}::${signature}`,
    proxy: `http://${str(rc.params, 'proxy') ?? guest.node}:3128`,
    // Real answers differ: qemu's spiceproxy gives the port as a number, the container's spiceterm as a string.
    'tls-port': guest.type === 'qemu' ? port : String(port),
    password,
    'host-subject': `OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=${guest.node}`,
    ca: cert.replaceAll('\n', '\\n'),
    'delete-this-file': 1,
    'secure-attention': 'Ctrl+Alt+Ins',
    'toggle-fullscreen': 'Shift+F11',
    'release-cursor': 'Ctrl+Alt+R',
  })
}

export const CONSOLE_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/nodes/{node}/termproxy',
    run: (rc) => {
      assertUserName(rc, nodeConsoleTakesTokens(rc.cluster))
      return termAnswer(open(rc, 'term', nodeTarget(rc), false))
    },
  },
  ...(['qemu', 'lxc'] as const).map((type): Route => ({
    method: 'POST',
    path: `/nodes/{node}/${type}/{vmid}/termproxy`,
    run: (rc) => termAnswer(open(rc, 'term', guestTarget(guestOf(rc, type)), false)),
  })),
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/vncproxy',
    // QEMU's VNC always gets a password (qemu-server API2/Qemu.pm `vncproxy`: without a serial display one is
    // generated whether or not `websocket` is set, and the websocket upgrade is always possible).
    run: (rc) => vncAnswer(rc, open(rc, 'vnc', guestTarget(guestOf(rc, 'qemu')), true)),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/lxc/{vmid}/vncproxy',
    run: (rc) => vncAnswer(rc, vncterm(rc, guestTarget(guestOf(rc, 'lxc')))),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/vncshell',
    run: (rc) => {
      assertUserName(rc, false)
      return vncAnswer(rc, vncterm(rc, nodeTarget(rc)))
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/vncwebsocket',
    run: (rc) => websocketCheck(rc, `/nodes/${nodeOf(rc).name}`),
  },
  ...(['qemu', 'lxc'] as const).flatMap((type): Route[] => [
    {
      method: 'GET',
      path: `/nodes/{node}/${type}/{vmid}/vncwebsocket`,
      run: (rc) => websocketCheck(rc, `/vms/${int(rc.params, 'vmid') ?? 0}`),
    },
    {
      method: 'POST',
      path: `/nodes/{node}/${type}/{vmid}/spiceproxy`,
      run: (rc) => spice(rc, spiceGuest(rc, type)),
    },
  ]),
]

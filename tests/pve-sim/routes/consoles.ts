// Console endpoints: termproxy (xterm.js), vncproxy/vncshell (noVNC), vncwebsocket (its plain GET answers the
// port; the upgrade is consoles/gateway.ts) and spiceproxy (the .vv fields). termproxy and vncproxy run on the
// node that answered: the websocket must come back to that same node, within 10 s, with the ticket.

import { createHash, randomBytes } from 'node:crypto'

import type { ConsoleKind, ConsoleSession, ConsoleTarget } from '../consoles/sessions'
import { ACCEPT_TIMEOUT_MS } from '../consoles/sessions'
import { ok } from '../http'
import type { GuestState, GuestType } from '../model'
import { bool, int, str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError, caller } from '../router'
import { endTask, startTask } from '../tasks/engine'
import { hasSerial } from '../views/guests'
import { guestOf } from './guest-common'
import { nodeOf } from './nodes'

/** 8 printable characters from `!` to `` ` `` (what PVE draws for VNC passwords). */
const vncPassword = (): string =>
  [...randomBytes(8)].map((b) => String.fromCharCode(0x21 + (b % 64))).join('')

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
            endTask(task, { error: 'connection timed out' }, atMs)
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
  }
  if (withPassword) session.password = vncPassword()
  holder.session = session
  services.consoles.add(session)
  return session
}

const nodeTarget = (rc: RouteContext): ConsoleTarget => {
  const node = nodeOf(rc).name
  return { type: 'node', name: node, node }
}

const guestTarget = (guest: GuestState): ConsoleTarget => ({
  type: guest.type,
  name: guest.name,
  node: guest.node,
  vmid: guest.vmid,
})

/** The console needs the guest running (QEMU's VNC and the container's tty only exist then). */
function runningGuest(rc: RouteContext, type: GuestType): GuestState {
  const guest = guestOf(rc, type)
  if (guest.status !== 'running')
    throw new ApiError(500, `${type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid} not running\n`)
  return guest
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
  if (!rc.ctx.auth.verifyVncTicket(ticket, caller(rc).authid, path, port, rc.now)) {
    throw new ApiError(500, 'permission denied - invalid PVEVNC ticket\n')
  }
  return ok({ port: String(port) })
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
  return ok({
    type: 'spice',
    title: guest.type === 'qemu' ? `VM ${guest.vmid} - ${guest.name}` : `CT ${guest.vmid}`,
    host: `${plain}::${signature}`,
    proxy: `http://${str(rc.params, 'proxy') ?? guest.node}:3128`,
    // Real answers differ: qemu's spiceproxy gives the port as a number, the container's spiceterm as a string.
    'tls-port': guest.type === 'qemu' ? port : String(port),
    password: randomBytes(20).toString('hex'),
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
    run: (rc) => termAnswer(open(rc, 'term', nodeTarget(rc), false)),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/termproxy',
    run: (rc) => {
      const guest = runningGuest(rc, 'qemu')
      if (!hasSerial(guest)) throw new ApiError(500, 'unable to find a serial interface\n')
      return termAnswer(open(rc, 'term', guestTarget(guest), false))
    },
  },
  {
    method: 'POST',
    path: '/nodes/{node}/lxc/{vmid}/termproxy',
    run: (rc) => termAnswer(open(rc, 'term', guestTarget(runningGuest(rc, 'lxc')), false)),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/vncproxy',
    // QEMU's VNC always gets a password; the websocket flag only matters for serial displays.
    run: (rc) => vncAnswer(rc, open(rc, 'vnc', guestTarget(runningGuest(rc, 'qemu')), true)),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/lxc/{vmid}/vncproxy',
    run: (rc) =>
      vncAnswer(
        rc,
        open(rc, 'vnc', guestTarget(runningGuest(rc, 'lxc')), bool(rc.params, 'websocket') ?? true),
      ),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/vncshell',
    run: (rc) => vncAnswer(rc, open(rc, 'vnc', nodeTarget(rc), bool(rc.params, 'websocket') ?? true)),
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
      run: (rc) => spice(rc, runningGuest(rc, type)),
    },
  ]),
]

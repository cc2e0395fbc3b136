// The websocket side of the consoles (pve-http-server AnyEvent.pm `websocket_proxy`): the upgrade of
// …/vncwebsocket is authenticated like any GET (cookie or Authorization header, no CSRF), checked for the
// privilege and the ticket (bound to user, path and port), and must reach the node that opened the console;
// the subprotocol the client offers is echoed, the server sends binary frames of at most 128 KiB. Behind it
// run termproxy's protocol with the simulated shell, or RFB with VNC authentication.

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

import type { RawData, WebSocket } from 'ws'
import { WebSocketServer } from 'ws'

import { authenticate } from '../access/identity'
import { permissionsFor } from '../api'
import type { ClusterState } from '../model'
import { isNodeOnline } from '../model'
import { checkParams, int, str } from '../params'
import type { NodeContext } from '../router'
import { API_ROUTER } from '../routes'
import { permissionDenial } from '../schema'
import { endTask, settleTasks } from '../tasks/engine'
import type { NodeServer } from '../node-server'
import { RfbServer } from './rfb'
import type { ConsoleSession } from './sessions'
import { ACCEPT_TIMEOUT_MS } from './sessions'
import { SimShell } from './shell'
import { shellEnv } from './shell-env'
import { TermproxyParser } from './termproxy'

const MAX_FRAME = 128 * 1024
const PREFIX = '/api2/json'

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

const asBuffer = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)

export class ConsoleGateway {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    // pveproxy echoes what the client offers; a single `binary` is what the GUI and noVNC send.
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  })

  /** Checks the upgrade like pveproxy does, then hands the socket to the session's protocol. */
  upgrade(ctx: NodeContext, server: NodeServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const checked = this.check(ctx, req)
    if ('status' in checked) {
      refuse(socket, checked.status, checked.reason)
      return
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.attach(ctx, server, checked, ws)
    })
  }

  private check(ctx: NodeContext, req: IncomingMessage): ConsoleSession | { status: number; reason: string } {
    const url = new URL(req.url ?? '/', 'https://localhost')
    const path = url.pathname.startsWith(`${PREFIX}/`) ? url.pathname.slice(PREFIX.length) : ''
    const match = API_ROUTER.find('GET', path)
    if (match === undefined || !path.endsWith('/vncwebsocket'))
      return { status: 501, reason: 'no such websocket' }
    const now = ctx.services.clock.now()
    settleTasks(ctx.cluster, now)
    const auth = authenticate(ctx.auth, ctx.cluster.access, req.headers, 'GET', now)
    if (auth.identity === undefined) return { status: 401, reason: auth.failure?.reason ?? 'No ticket' }
    const params: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...match.pathParams }
    const denial = permissionDenial(match.schema, permissionsFor(ctx.cluster), auth.identity.authid, params)
    if (denial !== undefined) return { status: 403, reason: `Permission check failed (${denial})` }
    if (checkParams(params, match.schema.params) !== undefined) {
      return { status: 400, reason: 'Parameter verification failed.' }
    }
    const port = int(params, 'port') ?? 0
    const vmid = str(params, 'vmid')
    const resource = vmid === undefined ? `/nodes/${str(params, 'node') ?? ''}` : `/vms/${vmid}`
    if (
      !ctx.auth.verifyVncTicket(str(params, 'vncticket') ?? '', auth.identity.authid, resource, port, now)
    ) {
      return { status: 500, reason: 'permission denied - invalid PVEVNC ticket' }
    }
    // The proxy listens on this node's localhost only: a console opened on another node is not here.
    const session = ctx.services.consoles.get(ctx.node, port)
    const stale = session === undefined || now - session.createdAt > ACCEPT_TIMEOUT_MS
    if (stale || session.connected || session.path !== resource) {
      return { status: 500, reason: `failed to connect to 127.0.0.1:${port} - Connection refused` }
    }
    return session
  }

  private attach(ctx: NodeContext, server: NodeServer, session: ConsoleSession, ws: WebSocket): void {
    session.connected = true
    session.close = () => {
      ws.terminate()
    }
    const send = (data: Buffer): void => {
      for (let offset = 0; offset < data.length; offset += MAX_FRAME) {
        ws.send(data.subarray(offset, offset + MAX_FRAME), { binary: true })
      }
    }
    const closeWs = (): void => {
      ws.close()
    }
    const push =
      session.kind === 'term'
        ? this.terminal(ctx, server, session, send, closeWs)
        : this.vnc(ctx.cluster, session, send, closeWs)
    ws.on('message', (data) => {
      push(asBuffer(data))
    })
    ws.on('close', () => {
      ctx.services.consoles.remove(session)
      endTask(session.task, undefined, ctx.services.clock.now())
    })
  }

  private terminal(
    ctx: NodeContext,
    server: NodeServer,
    session: ConsoleSession,
    send: (data: Buffer) => void,
    close: () => void,
  ): (data: Buffer) => void {
    const shell = new SimShell(shellEnv(ctx, session, (text) => send(Buffer.from(text, 'utf8')), close))
    // termproxy waits 10 s for the authentication line.
    const cancel = server.later(ACCEPT_TIMEOUT_MS, close)
    const parser = new TermproxyParser({
      expected: { user: session.authid, ticket: session.ticket },
      authenticated: () => {
        cancel()
        send(Buffer.from('OK'))
        shell.start()
      },
      input: (data) => {
        shell.input(data)
      },
      resize: (cols, rows) => {
        shell.resize(cols, rows)
      },
      reject: close,
    })
    return (data) => {
      parser.push(data)
    }
  }

  private vnc(
    cluster: ClusterState,
    session: ConsoleSession,
    send: (data: Buffer) => void,
    close: () => void,
  ): (data: Buffer) => void {
    const { target } = session
    const title = target.vmid === undefined ? target.name : `${target.vmid} ${target.name}`
    const online = isNodeOnline(cluster, target.node)
    const rfb = new RfbServer({
      password: session.password ?? '',
      name: target.vmid === undefined ? target.name : `VM ${target.vmid} (${target.name})`,
      screen: {
        title,
        status: `${target.type === 'node' ? 'node' : target.type === 'qemu' ? 'vm' : 'ct'} on ${target.node}${online ? '' : ' (offline)'}`,
        typed: '',
        pointer: { x: 320, y: 340 },
        marks: [],
      },
      send,
      close,
    })
    rfb.start()
    return (data) => {
      rfb.push(data)
    }
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate()
    this.wss.close()
  }
}

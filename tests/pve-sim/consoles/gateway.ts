// The websocket side of the consoles (pve-http-server AnyEvent.pm `handle_api2_request` and `websocket_proxy`):
// the upgrade of …/vncwebsocket runs the same handler as its plain GET — authenticated like any GET (cookie or
// Authorization header, no CSRF), privilege, parameters, then the vncticket (bound to user, path and port) — and
// any answer but 200 goes back as a normal HTTP answer, a 401 after pveproxy's delay. The 101 echoes the client's
// Sec-WebSocket-Protocol header as sent (or none without one); frames are binary, at most 128 KiB. Behind it run
// termproxy's protocol with the program PVE starts (consoles/shell.ts), or RFB.

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

import type { RawData, WebSocket } from 'ws'
import { WebSocketServer } from 'ws'

import { authenticate } from '../access/identity'
import { permissionsFor } from '../api'
import type { Reply } from '../http'
import { apiError, notImplemented, paramError } from '../http'
import type { ClusterState, GuestState } from '../model'
import { isNodeOnline } from '../model'
import type { NodeServer } from '../node-server'
import { checkParams, int, str } from '../params'
import type { NodeContext } from '../router'
import { API_ROUTER } from '../routes'
import { permissionDenial } from '../schema'
import { endTask, settleTasks } from '../tasks/engine'
import { hasSerial } from '../views/guests'
import {
  guestTermproxyTakesTokens,
  isTokenId,
  nodeConsoleTakesTokens,
  notAUserName,
  termproxyCommand,
  termproxyFailed,
} from './pve-release'
import { RfbServer } from './rfb'
import type { ConsoleSession } from './sessions'
import { ACCEPT_TIMEOUT_MS } from './sessions'
import { SimShell } from './shell'
import { shellEnv } from './shell-env'
import { TermproxyParser } from './termproxy'

const MAX_FRAME = 128 * 1024
const PREFIX = '/api2/json'
/** What termproxy prints when its program ends: the pty read fails (nix → std::io::Error, EIO). */
const PTY_GONE = 'error reading from pty: Input/output error (os error 5)'

export interface GatewayOptions {
  /** pveproxy's delay before a 401 (3000 ms in PVE). */
  authFailureDelayMs: number
}

/** A refused upgrade as pveproxy writes any answer: reason phrase, JSON envelope when there is one, close. */
function refusal(reply: Reply, now: number): string {
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body)
  const date = new Date(now).toUTCString()
  return (
    `HTTP/1.1 ${reply.status} ${reply.reason}\r\n` +
    `Cache-Control: max-age=0\r\nConnection: close\r\nDate: ${date}\r\nPragma: no-cache\r\n` +
    `Server: pve-api-daemon/3.0\r\nExpires: ${date}\r\n` +
    (body === '' ? '' : 'Content-Type: application/json;charset=UTF-8\r\n') +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

const asBuffer = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)

const guestOf = (cluster: ClusterState, session: ConsoleSession): GuestState | undefined =>
  cluster.guests.find((g) => g.vmid === session.target.vmid && g.type === session.target.type)

export class ConsoleGateway {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    // pveproxy no longer parses subprotocols (pve-http-server e7eb716, 4.0-2): it answers the request's header
    // as it came, `binary, base64` included, and frames are always binary (base64 went in 1201435).
    handleProtocols: (_protocols, req) => req.headers['sec-websocket-protocol'] ?? false,
  })

  constructor(private readonly options: GatewayOptions) {}

  /** Checks the upgrade like pveproxy does, then hands the socket to the session's protocol. */
  upgrade(ctx: NodeContext, server: NodeServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const checked = this.check(ctx, req)
    if (checked === 'unreachable') {
      socket.destroy()
      return
    }
    if ('status' in checked) {
      const send = (): void => {
        socket.end(refusal(checked, ctx.services.clock.now()))
      }
      const delay = this.options.authFailureDelayMs
      if (checked.status === 401 && delay > 0) server.later(delay, send)
      else send()
      return
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.attach(ctx, server, checked, ws)
    })
  }

  private check(ctx: NodeContext, req: IncomingMessage): ConsoleSession | Reply | 'unreachable' {
    const url = new URL(req.url ?? '/', 'https://localhost')
    const path = url.pathname.startsWith(`${PREFIX}/`) ? url.pathname.slice(PREFIX.length) : url.pathname
    const match = API_ROUTER.find('GET', path)
    if (match === undefined || !path.endsWith('/vncwebsocket')) return notImplemented('GET', path)
    const now = ctx.services.clock.now()
    settleTasks(ctx.cluster, now)
    const auth = authenticate(ctx.auth, ctx.cluster.access, req.headers, 'GET', now)
    if (auth.identity === undefined) return auth.failure ?? apiError(401, 'No ticket')
    const authid = auth.identity.authid
    const params: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...match.pathParams }
    const denial = permissionDenial(match.schema, permissionsFor(ctx.cluster), authid, params)
    if (denial !== undefined) return apiError(403, `Permission check failed (${denial})\n`)
    const errors = checkParams(params, match.schema.params)
    if (errors !== undefined) return paramError(errors)
    const port = int(params, 'port') ?? 0
    const vmid = str(params, 'vmid')
    const resource = vmid === undefined ? `/nodes/${str(params, 'node') ?? ''}` : `/vms/${vmid}`
    // Before pve-manager 9.0.13 the node's vncwebsocket ran `verify_username` first (consoles/pve-release.ts).
    if (vmid === undefined && isTokenId(authid) && !nodeConsoleTakesTokens(ctx.cluster))
      return apiError(500, notAUserName(authid))
    if (!ctx.auth.verifyVncTicket(str(params, 'vncticket') ?? '', authid, resource, port, now)) {
      // pve-common Ticket.pm `verify_rsa_ticket` raises it with HTTP_UNAUTHORIZED.
      return apiError(401, 'permission denied - invalid PVEVNC ticket\n')
    }
    // The proxy listens on this node's localhost only: a console opened on another node, gone or taken is not
    // there. websocket_proxy's tcp_connect callback then dies outside any eval ("connect to 'localhost:<port>'
    // failed"): no HTTP answer is ever written, the connection just ends.
    const session = ctx.services.consoles.get(ctx.node, port)
    const stale = session === undefined || now - session.createdAt > ACCEPT_TIMEOUT_MS
    if (stale || session.connected || session.path !== resource) return 'unreachable'
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
    ws.on('close', () => {
      ctx.services.consoles.remove(session)
      endTask(session.task, session.outcome, ctx.services.clock.now())
    })
    const push =
      session.kind === 'term'
        ? this.terminal(ctx, server, session, send, closeWs)
        : this.vnc(ctx.cluster, session, send, closeWs)
    ws.on('message', (data) => {
      push(asBuffer(data))
    })
  }

  private terminal(
    ctx: NodeContext,
    server: NodeServer,
    session: ConsoleSession,
    send: (data: Buffer) => void,
    close: () => void,
  ): (data: Buffer) => void {
    const write = (text: string): void => {
      send(Buffer.from(text, 'utf8'))
    }
    /** termproxy ends with an error: exit 1, the worker's `run_command` fails. */
    const fail = (line: string): void => {
      const command = termproxyCommand(ctx.cluster, session.target, session.port, session.authid)
      session.outcome = { error: termproxyFailed(command), lines: [line] }
      close()
    }
    let program: ((data: Buffer) => void) | undefined
    let shell: SimShell | undefined
    // Until `OK`, a client that goes away makes termproxy fail too (main.rs `read_ticket_line`).
    const command = termproxyCommand(ctx.cluster, session.target, session.port, session.authid)
    session.outcome = {
      error: termproxyFailed(command),
      lines: ['failed reading ticket: connection closed before authentication'],
    }
    // termproxy waits 10 s for the authentication line.
    const cancel = server.later(ACCEPT_TIMEOUT_MS, () => {
      fail('failed reading ticket: timed out')
    })
    const parser = new TermproxyParser({
      expected: { user: session.authid, ticket: session.ticket },
      authenticated: () => {
        cancel()
        // Guest termproxy checked the line with `/access/ticket`, which knows no token ids, until
        // qemu-server 9.1.7 / pve-container 6.1.3 (consoles/pve-release.ts).
        const guest = session.target.vmid !== undefined
        if (guest && isTokenId(session.authid) && !guestTermproxyTakesTokens(ctx.cluster)) {
          parser.stop()
          fail('authentication request failed')
          return
        }
        write('OK')
        delete session.outcome
        shell = this.program(ctx, session, write, fail)
        if (shell !== undefined) {
          const running = shell
          program = (data) => {
            running.input(data)
          }
          running.start()
        }
      },
      input: (data) => program?.(data),
      resize: (cols, rows) => {
        session.size = { cols, rows }
        shell?.resize(cols, rows)
      },
      ping: () => {
        session.pings++
      },
      reject: () => {
        cancel()
        fail('authentication request failed')
      },
    })
    return (data) => {
      parser.push(data)
    }
  }

  /**
   * What termproxy runs after `OK`: `qm terminal` (qemu-server PVE/CLI/qm.pm `terminal`: the serial port first,
   * then the running check), dtach + lxc-console, or the node's login. A program that cannot start prints its
   * error on the terminal and ends, and so does termproxy.
   */
  private program(
    ctx: NodeContext,
    session: ConsoleSession,
    write: (text: string) => void,
    fail: (line: string) => void,
  ): SimShell | undefined {
    const { target } = session
    const guest = guestOf(ctx.cluster, session)
    const end = (text: string): void => {
      write(text)
      fail(PTY_GONE)
    }
    if (target.type === 'qemu') {
      if (guest === undefined || !hasSerial(guest)) {
        end('unable to find a serial interface\r\n')
        return undefined
      }
      if (guest.status !== 'running') {
        end(`VM ${guest.vmid} not running\r\n`)
        return undefined
      }
      write('starting serial terminal on interface serial0\r\n')
    }
    if (target.type === 'lxc' && guest?.status !== 'running') {
      const vmid = target.vmid ?? 0
      // lxc tools/lxc_console.c (ERROR via log.c `log_append_stderr`), then dtach's attach.c on EOF.
      end(
        `lxc-console: ${vmid}: ../src/lxc/tools/lxc_console.c: lxc_console_main: 130 ${vmid} is not running\r\n` +
          '\x1b[999H\r\n[EOF - dtach terminating]\r\n',
      )
      return undefined
    }
    return new SimShell(
      shellEnv(ctx, session, write, () => {
        fail(PTY_GONE)
      }),
    )
  }

  private vnc(
    cluster: ClusterState,
    session: ConsoleSession,
    send: (data: Buffer) => void,
    close: () => void,
  ): (data: Buffer) => void {
    const { target } = session
    const guest = guestOf(cluster, session)
    if (target.type !== 'node' && guest?.status !== 'running') {
      // qemu: `qm vncproxy` dies in mon_cmd (stderr → task log), the worker reports it (API2/Qemu.pm
      // `vncproxy`). lxc: vncterm leaves its loop when lxc-console exits, and exits 0.
      if (target.type === 'qemu') {
        session.outcome = { error: 'Failed to run vncproxy.', lines: [`VM ${target.vmid ?? 0} not running`] }
      }
      setImmediate(close)
      return () => undefined
    }
    const title = target.vmid === undefined ? target.name : `${target.vmid} ${target.name}`
    const online = isNodeOnline(cluster, target.node)
    const rfb = new RfbServer({
      password: session.password ?? '',
      security: session.vencrypt === true ? 'vencrypt' : 'vnc-auth',
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

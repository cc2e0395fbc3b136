import { AppError } from '../../shared/ipc/errors'
import type { ConsoleTarget } from '../../shared/model/console'
import type { Params } from '../pve/http-client'
import type { ConsoleEndpoint } from '../pve/pve-client'
import type { ConsoleUpstream } from './bridged-upstream'
import { BridgedUpstream } from './bridged-upstream'
import { consoleBase } from './console-endpoint'
import type { ConsoleUpstreamOptions } from './console-socket'
import { batchOptions, openConsoleSocket } from './console-socket'
import type { ReadBytes, UpstreamSocket } from './upstream-socket'
import { vncAuthResponse } from './vnc-auth'

const SECURITY_NONE = 1
const SECURITY_VNC_AUTH = 2
/** Longest failure reason read from a VNC server (they are one sentence). */
const MAX_REASON = 4096

/** The handshake main presents to the renderer: RFB 3.8, one security type (None), so no password there. */
export const BRIDGE_VERSION = Buffer.from('RFB 003.008\n', 'latin1')

/**
 * Opens a screen (a VM's VNC display, a container or node drawn by vncterm) over vncproxy/vncshell,
 * pve-protocol.md §5b: the POST with `websocket=1`, the websocket on the same endpoint, then the RFB client
 * handshake with VNC Authentication here in main. The renderer (noVNC) then meets a server of ours that asks
 * no password; from its ClientInit on, bytes are relayed both ways.
 */
export async function openVncUpstream(
  endpoint: ConsoleEndpoint,
  target: ConsoleTarget,
  options: ConsoleUpstreamOptions,
): Promise<ConsoleUpstream> {
  const base = consoleBase(target)
  const [path, params]: [string, Params] =
    target.type === 'node'
      ? [`${base}/vncshell`, { websocket: 1 }]
      : target.type === 'qemu'
        ? [`${base}/vncproxy`, { websocket: 1, 'generate-password': 1 }]
        : [`${base}/vncproxy`, { websocket: 1 }]
  const { socket, rest } = await openConsoleSocket(
    endpoint,
    target,
    {
      kind: 'vnc',
      path,
      params,
      answers: 'vncproxy',
      endedBefore: 'the VNC server closed',
      handshake: (read, send, answer) => rfbClientHandshake(read, send, answer.password),
    },
    options,
  )
  return new VncBridge(socket, rest, options)
}

const failed = (message: string): AppError => new AppError({ code: 'pve_error', message })

async function readReason(read: ReadBytes): Promise<string> {
  const length = (await read(4)).readUInt32BE(0)
  if (length > MAX_REASON) return '(reason too long)'
  return (await read(length)).toString('utf8')
}

/**
 * The client side of RFB up to (not including) ClientInit, RFC 6143 §7.1–7.2: ProtocolVersion (3.7 or 3.8),
 * a security type (None if offered, else VNC Authentication with `password`), SecurityResult.
 */
export async function rfbClientHandshake(
  read: ReadBytes,
  send: (bytes: Uint8Array) => void,
  password: string | undefined,
): Promise<void> {
  const version = /^RFB (\d{3})\.(\d{3})\n$/.exec((await read(12)).toString('latin1'))
  const major = Number(version?.[1])
  const minor = Number(version?.[2])
  if (version === null || major !== 3 || minor < 7)
    throw new AppError({ code: 'bad_response', message: 'the console is not an RFB 3.7/3.8 server' })
  const v38 = minor >= 8
  send(Buffer.from(v38 ? 'RFB 003.008\n' : 'RFB 003.007\n', 'latin1'))
  const count = (await read(1)).readUInt8(0)
  if (count === 0) throw failed(`the VNC server refused the connection: ${await readReason(read)}`)
  const types = [...(await read(count))]
  const chosen = types.includes(SECURITY_NONE)
    ? SECURITY_NONE
    : types.includes(SECURITY_VNC_AUTH)
      ? SECURITY_VNC_AUTH
      : undefined
  if (chosen === undefined) {
    throw new AppError({
      code: 'bad_response',
      message: `the VNC server offers neither VNC Authentication nor None (security types ${types.join(', ')})`,
    })
  }
  send(Uint8Array.of(chosen))
  if (chosen === SECURITY_VNC_AUTH) {
    if (password === undefined) throw failed('the VNC server asks a password and PVE gave none')
    send(vncAuthResponse(password, await read(16)))
  } else if (!v38) return
  const result = (await read(4)).readUInt32BE(0)
  if (result !== 0) {
    const reason = v38 ? await readReason(read) : 'authentication failed'
    throw failed(`VNC authentication failed: ${reason}`)
  }
}

type RendererState = 'version' | 'security' | 'relay' | 'closed'

/** The renderer's side: a server handshake of ours (no password), then the bytes of PVE's server as they are. */
class VncBridge extends BridgedUpstream {
  private state: RendererState = 'version'
  private pending = Buffer.alloc(0)

  constructor(
    socket: UpstreamSocket,
    private readonly early: Buffer,
    options: ConsoleUpstreamOptions,
  ) {
    super(socket, batchOptions(options), BRIDGE_VERSION)
  }

  override write(data: Uint8Array): boolean {
    if (this.state === 'relay') return this.socket.send(data)
    if (this.state === 'closed') return true
    // At most 12 bytes wait here: the handshake's messages are read as soon as they are whole.
    this.pending = Buffer.concat([this.pending, data])
    if (this.state === 'version' && !this.readVersion()) return this.socket.writable
    this.readSecurity()
    return this.socket.writable
  }

  /** The renderer's ProtocolVersion; answered with the one security type offered, None. */
  private readVersion(): boolean {
    if (this.pending.length < 12) return false
    const version = this.pending.subarray(0, 12).toString('latin1')
    this.pending = this.pending.subarray(12)
    if (!/^RFB 003\.\d{3}\n$/.test(version)) {
      this.refuse('the viewer does not speak RFB 3.x')
      return false
    }
    this.state = 'security'
    this.output(Uint8Array.of(1, SECURITY_NONE))
    return true
  }

  /** The renderer's choice of security type; from then on, bytes are relayed both ways. */
  private readSecurity(): void {
    const type = this.pending[0]
    if (type === undefined) return
    this.pending = this.pending.subarray(1)
    if (type !== SECURITY_NONE) {
      const reason = Buffer.from('security type not offered', 'latin1')
      const failure = Buffer.alloc(8)
      failure.writeUInt32BE(1, 0)
      failure.writeUInt32BE(reason.length, 4)
      this.output(Buffer.concat([failure, reason]))
      this.refuse('the viewer chose a security type that was not offered')
      return
    }
    this.state = 'relay'
    this.output(Uint8Array.of(0, 0, 0, 0))
    if (this.early.length > 0) this.output(this.early)
    this.startReading((bytes) => {
      this.output(bytes)
    })
    // What the renderer sent after its choice (its ClientInit) goes on to the server.
    const rest = this.pending
    this.pending = Buffer.alloc(0)
    if (rest.length > 0) this.socket.send(rest)
  }

  private refuse(message: string): void {
    this.state = 'closed'
    this.pending = Buffer.alloc(0)
    this.end({ reason: 'failed', error: { code: 'invalid_request', message } })
    this.socket.dispose()
  }
}

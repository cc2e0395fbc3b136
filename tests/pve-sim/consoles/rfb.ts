// An RFB 3.8 server (RFC 6143) as QEMU's VNC server speaks it behind `qm vncproxy`: protocol version, VNC
// Authentication with the 8-character password of vncproxy, ServerInit with the guest's name, then Raw-encoded
// framebuffer updates in the client's pixel format, and key and pointer events that change the screen.
// vncterm started without `-notls` (vncshell or the container's vncproxy without `websocket=1`) offers VeNCrypt
// only (vncterm.c `rfbVncAuthVencrypt`, LibVNCServer with Proxmox's tls-auth patch): version 0.2, the one subtype
// X509Plain (262), then a TLS handshake the simulator cannot answer. A client asking for another security type is
// dropped without a reason (LibVNCServer auth.c `rfbProcessClientSecurityType`).

import type { ScreenState } from './framebuffer'
import { HEIGHT, render, WIDTH } from './framebuffer'
import { newChallenge, vncCheck } from './vnc-auth'

type State =
  | 'version'
  | 'security'
  | 'auth'
  | 'vencrypt-version'
  | 'vencrypt-subtype'
  | 'tls'
  | 'init'
  | 'normal'
  | 'closed'

interface PixelFormat {
  bpp: number
  bigEndian: boolean
  max: [number, number, number]
  shift: [number, number, number]
}

const SERVER_FORMAT: PixelFormat = { bpp: 32, bigEndian: false, max: [255, 255, 255], shift: [16, 8, 0] }
const SECURITY_VNC_AUTH = 2
const SECURITY_VENCRYPT = 19
/** rfbVencryptX509Plain: x509 TLS, then a user name and password (the ticket). */
const VENCRYPT_X509_PLAIN = 262
/** Message lengths of the fixed-size client messages, by type. */
const FIXED = new Map([
  [0, 20],
  [3, 10],
  [4, 8],
  [5, 6],
])

export interface RfbOptions {
  password: string
  /** `vencrypt`: vncterm without -notls; otherwise VNC Authentication with `password`. */
  security?: 'vnc-auth' | 'vencrypt'
  /** The desktop name of ServerInit. */
  name: string
  screen: ScreenState
  send(data: Buffer): void
  close(): void
}

function encodeFormat(f: PixelFormat): Buffer {
  const b = Buffer.alloc(16)
  b.writeUInt8(f.bpp, 0)
  b.writeUInt8(24, 1)
  b.writeUInt8(f.bigEndian ? 1 : 0, 2)
  b.writeUInt8(1, 3)
  f.max.forEach((m, i) => b.writeUInt16BE(m, 4 + i * 2))
  f.shift.forEach((s, i) => b.writeUInt8(s, 10 + i))
  return b
}

function decodeFormat(b: Buffer): PixelFormat {
  return {
    bpp: b.readUInt8(0),
    bigEndian: b.readUInt8(2) !== 0,
    max: [b.readUInt16BE(4), b.readUInt16BE(6), b.readUInt16BE(8)],
    shift: [b.readUInt8(10), b.readUInt8(11), b.readUInt8(12)],
  }
}

export class RfbServer {
  private state: State = 'version'
  private buffer = Buffer.alloc(0)
  private challenge = newChallenge()
  private format = SERVER_FORMAT
  private dirty = true
  private pending: { x: number; y: number; w: number; h: number } | undefined
  private buttons = 0

  constructor(private readonly opts: RfbOptions) {}

  start(): void {
    this.opts.send(Buffer.from('RFB 003.008\n', 'latin1'))
  }

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk])
    while (this.state !== 'closed' && this.step()) {
      // each step consumes one message
    }
  }

  private take(n: number): Buffer | undefined {
    if (this.buffer.length < n) return undefined
    const out = this.buffer.subarray(0, n)
    this.buffer = this.buffer.subarray(n)
    return out
  }

  private drop(): false {
    this.state = 'closed'
    this.opts.close()
    return false
  }

  private fail(reason: string): false {
    const text = Buffer.from(reason, 'latin1')
    const msg = Buffer.alloc(8)
    msg.writeUInt32BE(1, 0)
    msg.writeUInt32BE(text.length, 4)
    this.opts.send(Buffer.concat([msg, text]))
    this.state = 'closed'
    this.opts.close()
    return false
  }

  /** Handles one message if it is complete; false when more bytes are needed. */
  private step(): boolean {
    switch (this.state) {
      case 'version': {
        const version = this.take(12)?.toString('latin1')
        if (version === undefined) return false
        if (!/^RFB 003\.00[78]\n$/.test(version)) return this.fail('unsupported protocol version')
        const vencrypt = this.opts.security === 'vencrypt'
        this.opts.send(Buffer.from([1, vencrypt ? SECURITY_VENCRYPT : SECURITY_VNC_AUTH]))
        this.state = 'security'
        return true
      }
      case 'security': {
        const type = this.take(1)
        if (type === undefined) return false
        if (this.opts.security === 'vencrypt') {
          if (type[0] !== SECURITY_VENCRYPT) return this.drop()
          this.opts.send(Buffer.from([0, 2]))
          this.state = 'vencrypt-version'
          return true
        }
        if (type[0] !== SECURITY_VNC_AUTH) return this.fail('unsupported security type')
        this.challenge = newChallenge()
        this.opts.send(this.challenge)
        this.state = 'auth'
        return true
      }
      case 'auth': {
        const response = this.take(16)
        if (response === undefined) return false
        if (!vncCheck(this.opts.password, this.challenge, response)) return this.fail('Authentication failed')
        this.opts.send(Buffer.alloc(4))
        this.state = 'init'
        return true
      }
      case 'vencrypt-version': {
        const version = this.take(2)
        if (version === undefined) return false
        if (version[0] !== 0 || version[1] !== 2) {
          this.opts.send(Buffer.from([1]))
          return this.drop()
        }
        const accept = Buffer.alloc(6)
        accept.writeUInt8(0, 0)
        accept.writeUInt8(1, 1)
        accept.writeUInt32BE(VENCRYPT_X509_PLAIN, 2)
        this.opts.send(accept)
        this.state = 'vencrypt-subtype'
        return true
      }
      case 'vencrypt-subtype': {
        const subtype = this.take(4)
        if (subtype === undefined) return false
        if (subtype.readUInt32BE(0) !== VENCRYPT_X509_PLAIN) return this.drop()
        this.state = 'tls'
        return true
      }
      case 'tls':
        // GnuTLS waits for a ClientHello: whatever comes, the simulator cannot go on.
        if (this.buffer.length === 0) return false
        return this.drop()
      case 'init': {
        if (this.take(1) === undefined) return false
        this.serverInit()
        this.state = 'normal'
        return true
      }
      case 'normal':
        return this.message()
      case 'closed':
        return false
    }
  }

  private serverInit(): void {
    const name = Buffer.from(this.opts.name, 'utf8')
    const head = Buffer.alloc(4)
    head.writeUInt16BE(WIDTH, 0)
    head.writeUInt16BE(HEIGHT, 2)
    const length = Buffer.alloc(4)
    length.writeUInt32BE(name.length, 0)
    this.opts.send(Buffer.concat([head, encodeFormat(SERVER_FORMAT), length, name]))
  }

  private message(): boolean {
    const type = this.buffer[0]
    if (type === undefined) return false
    let length = FIXED.get(type)
    if (type === 2) length = this.buffer.length < 4 ? undefined : 4 + 4 * this.buffer.readUInt16BE(2)
    if (type === 6) length = this.buffer.length < 8 ? undefined : 8 + this.buffer.readUInt32BE(4)
    if (length === undefined) {
      if (type === 2 || type === 6) return false
      this.state = 'closed'
      this.opts.close()
      return false
    }
    const msg = this.take(length)
    if (msg === undefined) return false
    if (type === 0) this.format = decodeFormat(msg.subarray(4, 20))
    if (type === 3) this.request(msg)
    if (type === 4) this.key(msg.readUInt8(1) === 1, msg.readUInt32BE(4))
    if (type === 5) this.pointer(msg.readUInt8(1), msg.readUInt16BE(2), msg.readUInt16BE(4))
    return true
  }

  private request(msg: Buffer): void {
    const region = {
      x: msg.readUInt16BE(2),
      y: msg.readUInt16BE(4),
      w: msg.readUInt16BE(6),
      h: msg.readUInt16BE(8),
    }
    // An incremental request waits until something changes.
    if (msg.readUInt8(1) === 1 && !this.dirty) {
      this.pending = region
      return
    }
    this.update(region)
  }

  private changed(): void {
    this.dirty = true
    const region = this.pending
    this.pending = undefined
    if (region !== undefined) this.update(region)
  }

  private key(down: boolean, keysym: number): void {
    if (!down) return
    const screen = this.opts.screen
    if (keysym >= 0x20 && keysym <= 0x7e) screen.typed += String.fromCharCode(keysym)
    else if (keysym === 0xff08) screen.typed = screen.typed.slice(0, -1)
    else if (keysym === 0xff0d) screen.typed = ''
    else return
    this.changed()
  }

  private pointer(mask: number, x: number, y: number): void {
    const screen = this.opts.screen
    screen.pointer = { x, y }
    if ((mask & 1) !== 0 && (this.buttons & 1) === 0) screen.marks = [...screen.marks, { x, y }].slice(-100)
    this.buttons = mask
    this.changed()
  }

  private pixel(rgb: number, out: Buffer, offset: number): void {
    const f = this.format
    const channels = [(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff]
    let value = 0
    channels.forEach((c, i) => {
      value |= Math.round((c * (f.max[i] ?? 255)) / 255) << (f.shift[i] ?? 0)
    })
    const bytes = f.bpp / 8
    for (let i = 0; i < bytes; i++) {
      const shift = 8 * (f.bigEndian ? bytes - 1 - i : i)
      out[offset + i] = (value >>> shift) & 0xff
    }
  }

  /** One Raw rectangle covering the requested region. */
  private update(region: { x: number; y: number; w: number; h: number }): void {
    const x = Math.min(region.x, WIDTH)
    const y = Math.min(region.y, HEIGHT)
    const w = Math.min(region.w, WIDTH - x)
    const h = Math.min(region.h, HEIGHT - y)
    const fb = render(this.opts.screen)
    const bytes = this.format.bpp / 8
    const head = Buffer.alloc(16)
    head.writeUInt8(0, 0)
    head.writeUInt16BE(1, 2)
    head.writeUInt16BE(x, 4)
    head.writeUInt16BE(y, 6)
    head.writeUInt16BE(w, 8)
    head.writeUInt16BE(h, 10)
    head.writeInt32BE(0, 12)
    const body = Buffer.alloc(w * h * bytes)
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        this.pixel(fb.pixels[(y + row) * WIDTH + x + col] ?? 0, body, (row * w + col) * bytes)
      }
    }
    this.dirty = false
    this.opts.send(Buffer.concat([head, body]))
  }
}

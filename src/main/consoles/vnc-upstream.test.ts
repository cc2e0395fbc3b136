import { afterEach, describe, expect, it, vi } from 'vitest'

import { RfbServer } from '../../../tests/pve-sim/consoles/rfb'
import type { FakeConsoleServer } from '../../../tests/support/fake-console-server'
import { fakeEndpoint, startFakeConsoleServer } from '../../../tests/support/fake-console-server'
import { AppError } from '../../shared/ipc/errors'
import type { ConsoleUpstream, UpstreamClose } from './terminal-upstream'
import type { ReadBytes } from './upstream-socket'
import { vncAuthResponse } from './vnc-auth'
import { openVncUpstream, rfbClientHandshake } from './vnc-upstream'

/** A server that says `script`, and what the client sent it. */
function scripted(...script: (string | number[])[]): { read: ReadBytes; sent: Buffer[] } {
  let buffer = Buffer.concat(
    script.map((s) => (typeof s === 'string' ? Buffer.from(s, 'latin1') : Buffer.from(s))),
  )
  return {
    sent: [],
    read: (n) => {
      if (buffer.length < n)
        return Promise.reject(new AppError({ code: 'timeout', message: 'the script ran out' }))
      const out = buffer.subarray(0, n)
      buffer = buffer.subarray(n)
      return Promise.resolve(out)
    },
  }
}

const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const reason = (text: string): number[] => [...u32(text.length), ...Buffer.from(text, 'latin1')]
const CHALLENGE = [...Buffer.from('0123456789abcdef', 'latin1')]

async function handshake(
  server: ReturnType<typeof scripted>,
  password?: string,
): Promise<AppError | undefined> {
  return rfbClientHandshake(server.read, (b) => server.sent.push(Buffer.from(b)), password).then(
    () => undefined,
    (e: unknown) => AppError.from(e),
  )
}

describe('rfbClientHandshake (main as the RFB client of PVE)', () => {
  it('answers 3.8 and VNC Authentication with DES of the challenge', async () => {
    const server = scripted('RFB 003.008\n', [1, 2], CHALLENGE, u32(0))
    expect(await handshake(server, 'pa$$w0rd')).toBeUndefined()
    expect(server.sent.map((b) => b.toString('hex'))).toEqual([
      Buffer.from('RFB 003.008\n').toString('hex'),
      '02',
      Buffer.from(vncAuthResponse('pa$$w0rd', Uint8Array.from(CHALLENGE))).toString('hex'),
    ])
  })

  it('takes None when offered, and speaks 3.7 to a 3.7 server (no SecurityResult after None)', async () => {
    const v38 = scripted('RFB 003.008\n', [2, 2, 1], u32(0))
    expect(await handshake(v38)).toBeUndefined()
    expect(v38.sent[1]).toEqual(Buffer.from([1]))
    const v37 = scripted('RFB 003.007\n', [1, 1])
    expect(await handshake(v37)).toBeUndefined()
    expect(v37.sent[0]?.toString('latin1')).toBe('RFB 003.007\n')
  })

  it('refuses a server that offers neither None nor VNC Authentication (vncterm’s VeNCrypt without websocket=1)', async () => {
    const error = await handshake(scripted('RFB 003.008\n', [2, 16, 19]), 'secret12')
    expect(error).toMatchObject({
      code: 'bad_response',
      message: 'the VNC server offers neither VNC Authentication nor None (security types 16, 19)',
    })
  })

  it('says why the server refused: no security types, a wrong password, an old protocol', async () => {
    expect(
      await handshake(scripted('RFB 003.008\n', [0], reason('Too many security failures'))),
    ).toMatchObject({
      code: 'pve_error',
      message: 'the VNC server refused the connection: Too many security failures',
    })
    expect(
      await handshake(
        scripted('RFB 003.008\n', [1, 2], CHALLENGE, u32(1), reason('Authentication failed')),
        'x',
      ),
    ).toMatchObject({ code: 'pve_error', message: 'VNC authentication failed: Authentication failed' })
    expect(await handshake(scripted('RFB 003.003\n'))).toMatchObject({ code: 'bad_response' })
    expect(await handshake(scripted('HTTP/1.1 200\n'))).toMatchObject({ code: 'bad_response' })
  })

  it('reads a failure reason of at most 4 KiB', async () => {
    const error = await handshake(scripted('RFB 003.008\n', [0], u32(1 << 30)))
    expect(error?.message).toBe('the VNC server refused the connection: (reason too long)')
  })
})

const servers: FakeConsoleServer[] = []
const upstreams: ConsoleUpstream[] = []
afterEach(async () => {
  for (const u of upstreams.splice(0)) u.dispose()
  for (const s of servers.splice(0)) await s.close()
})

const PASSWORD = 'Q`!x5@Z#'
const VNC_ANSWER = {
  user: 'root@pam',
  ticket: `${PASSWORD}:PVEVNC:6650A1F3::vnc-ticket-signature==`,
  port: '5901',
  upid: 'UPID:pve1:00001234:00005678:6650A1F3:vncproxy:100:root@pam:',
  password: PASSWORD,
  cert: '-----BEGIN CERTIFICATE-----',
}

/** The simulator's RFB server (VNC Authentication with PASSWORD) behind a websocket of our own. */
async function vncServer(): Promise<ReturnType<typeof fakeEndpoint>> {
  const server = await startFakeConsoleServer({
    connection: (ws) => {
      const rfb = new RfbServer({
        password: PASSWORD,
        name: 'VM 100 (web)',
        screen: { title: '100 web', status: 'vm on pve1', typed: '', pointer: { x: 1, y: 1 }, marks: [] },
        send: (data) => {
          ws.send(data)
        },
        close: () => {
          ws.close()
        },
      })
      ws.on('message', (data: Buffer) => {
        rfb.push(data)
      })
      rfb.start()
    },
  })
  servers.push(server)
  return fakeEndpoint(server, { 'POST /nodes/pve1/qemu/100/vncproxy': VNC_ANSWER })
}

function viewer(upstream: ConsoleUpstream): { all(): Buffer; closes: UpstreamClose[] } {
  const chunks: Uint8Array[] = []
  const closes: UpstreamClose[] = []
  upstream.onData((d) => chunks.push(d))
  upstream.onClose((c) => closes.push(c))
  return { all: () => Buffer.concat(chunks), closes }
}

describe('openVncUpstream (a server handshake of main’s own towards the renderer)', () => {
  it('logs in upstream, offers the renderer None only, then relays from ClientInit on', async () => {
    const endpoint = await vncServer()
    const upstream = await openVncUpstream(
      endpoint,
      { type: 'qemu', node: 'pve1', vmid: 100 },
      { timeoutMs: 2000 },
    )
    upstreams.push(upstream)
    const view = viewer(upstream)
    await vi.waitFor(() => expect(view.all().toString('latin1')).toBe('RFB 003.008\n'))
    upstream.write(Buffer.from('RFB 003.008\n'))
    await vi.waitFor(() => expect([...view.all().subarray(12)]).toEqual([1, 1]))
    upstream.write(Uint8Array.of(1, 1)) // None, then ClientInit (shared) in the same write
    await vi.waitFor(() => expect(view.all().length).toBeGreaterThanOrEqual(18 + 24 + 12))
    const init = view.all().subarray(18)
    expect([...view.all().subarray(14, 18)]).toEqual([0, 0, 0, 0])
    expect(init.readUInt16BE(0)).toBe(640)
    expect(init.subarray(24, 24 + init.readUInt32BE(20)).toString('utf8')).toBe('VM 100 (web)')
    const everything = view.all().toString('latin1')
    expect(everything).not.toContain(PASSWORD)
    expect(everything).not.toContain('PVEVNC')
    expect(endpoint.calls).toEqual(['POST /nodes/pve1/qemu/100/vncproxy'])
  })

  it('gives up on a server that floods before the handshake is over (the buffer stays bounded)', async () => {
    const server = await startFakeConsoleServer({
      connection: (ws) => {
        ws.send(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.alloc(100 * 1024, 1)]))
      },
    })
    servers.push(server)
    const endpoint = fakeEndpoint(server, { 'POST /nodes/pve1/qemu/100/vncproxy': VNC_ANSWER })
    const error = await openVncUpstream(
      endpoint,
      { type: 'qemu', node: 'pve1', vmid: 100 },
      { timeoutMs: 2000 },
    ).then(
      () => undefined,
      (e: unknown) => AppError.from(e),
    )
    expect(error).toMatchObject({
      code: 'bad_response',
      message: 'the console sent too much before it started',
    })
  })

  it('ends a renderer that does not speak RFB, or picks a type not offered', async () => {
    const endpoint = await vncServer()
    const target = { type: 'qemu', node: 'pve1', vmid: 100 } as const
    const a = await openVncUpstream(endpoint, target, { timeoutMs: 2000 })
    upstreams.push(a)
    const viewA = viewer(a)
    a.write(Buffer.from('GET / HTTP/1.1\r\n'))
    await vi.waitFor(() => expect(viewA.closes).toHaveLength(1))
    expect(viewA.closes[0]).toMatchObject({ reason: 'failed', error: { code: 'invalid_request' } })

    const b = await openVncUpstream(endpoint, target, { timeoutMs: 2000 })
    upstreams.push(b)
    const viewB = viewer(b)
    b.write(Buffer.from('RFB 003.008\n'))
    b.write(Uint8Array.of(2))
    await vi.waitFor(() => expect(viewB.closes).toHaveLength(1))
    // SecurityResult failed, with its reason, as RFB 3.8 says.
    expect(viewB.all().subarray(14, 18).readUInt32BE(0)).toBe(1)
    expect(viewB.all().subarray(22).toString('latin1')).toBe('security type not offered')
  })
})

import { describe, expect, it, vi } from 'vitest'

import type { ConsoleEndpoint } from '../../src/main/consoles/console-endpoint'
import type { ConsoleUpstream, UpstreamClose } from '../../src/main/consoles/terminal-upstream'
import { openVncUpstream } from '../../src/main/consoles/vnc-upstream'
import { PveClient } from '../../src/main/pve/pve-client'
import type { ConsoleTarget } from '../../src/shared/model/console'
import { BACKGROUND, TEXT } from '../pve-sim/consoles/framebuffer'
import { trackHandles } from '../support/leaks'
import { useSimulatorFleet } from '../support/simulator-fleet'

/**
 * A VM's screen through main against the simulator over real TLS: vncproxy, the pinned vncwebsocket, VNC
 * Authentication in main, and the renderer's side played as noVNC plays it against main's own handshake.
 */
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
const TIMEOUT_MS = 3000

function apiClient(): PveClient {
  const config = fleet.config('ace-prod')
  return fleet.disposables.add(
    new PveClient(config.id, config.endpoints, fleet.credentials, { timeoutMs: TIMEOUT_MS }),
  )
}

/** The endpoint, recording what PVE answered (so that the test knows the password it must never see). */
function recording(real: ConsoleEndpoint): { endpoint: ConsoleEndpoint; answers: Record<string, unknown>[] } {
  const answers: Record<string, unknown>[] = []
  return {
    answers,
    endpoint: {
      ...real,
      request: async (method, path, params, signal) => {
        const data = await real.request(method, path, params, signal)
        answers.push(data as Record<string, unknown>)
        return data
      },
    },
  }
}

/** The renderer's side, as noVNC drives it: reads what main sends, in order. */
class Viewer {
  private all = Buffer.alloc(0)
  private offset = 0
  readonly closes: UpstreamClose[] = []

  constructor(readonly upstream: ConsoleUpstream) {
    upstream.onData((d) => {
      this.all = Buffer.concat([this.all, d])
    })
    upstream.onClose((c) => this.closes.push(c))
  }

  get received(): Buffer {
    return this.all
  }

  async read(n: number): Promise<Buffer> {
    await vi.waitFor(
      () => {
        if (this.all.length < this.offset + n)
          throw new Error(`${this.all.length - this.offset} of ${n} bytes`)
      },
      { timeout: 5000, interval: 5 },
    )
    const out = this.all.subarray(this.offset, this.offset + n)
    this.offset += n
    return out
  }

  send(bytes: number[] | string): void {
    this.upstream.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Uint8Array.from(bytes))
  }
}

/** noVNC's side of the handshake against main: version, security type None, ClientInit; answers ServerInit. */
async function connectAsNoVnc(viewer: Viewer): Promise<{ width: number; height: number; name: string }> {
  expect((await viewer.read(12)).toString('latin1')).toBe('RFB 003.008\n')
  viewer.send('RFB 003.008\n')
  expect([...(await viewer.read(2))]).toEqual([1, 1])
  viewer.send([1])
  expect((await viewer.read(4)).readUInt32BE(0)).toBe(0)
  viewer.send([1]) // ClientInit, shared
  const head = await viewer.read(24)
  const name = (await viewer.read(head.readUInt32BE(20))).toString('utf8')
  return { width: head.readUInt16BE(0), height: head.readUInt16BE(2), name }
}

async function open(
  api: PveClient,
  target: ConsoleTarget,
): Promise<{ viewer: Viewer; answers: Record<string, unknown>[] }> {
  const { endpoint, answers } = recording(await api.consoleEndpoint(target.node))
  const upstream = fleet.disposables.add(await openVncUpstream(endpoint, target, { timeoutMs: TIMEOUT_MS }))
  return { viewer: new Viewer(upstream), answers }
}

describe('VM screens through main (vncproxy, VNC Authentication in main, a handshake of its own)', () => {
  it('shows a VM’s screen to a noVNC-like viewer that asks no password, and never hands it one', async () => {
    const api = apiClient()
    const { viewer, answers } = await open(api, { type: 'qemu', node: 'km4-pve1', vmid: 101 })
    const init = await connectAsNoVnc(viewer)
    expect(init).toEqual({ width: 640, height: 400, name: 'VM 101 (naorlo-web01)' })
    // FramebufferUpdateRequest, not incremental, the whole screen; the server keeps its 32-bit pixel format.
    viewer.send([3, 0, 0, 0, 0, 0, 2, 128, 1, 144])
    const update = await viewer.read(4 + 12 + init.width * init.height * 4)
    expect(update.readUInt16BE(2)).toBe(1)
    const pixels = update.subarray(16)
    const colours = new Set<number>()
    for (let i = 0; i < pixels.length; i += 4) colours.add(pixels.readUInt32LE(i) & 0xffffff)
    expect(colours.has(BACKGROUND)).toBe(true)
    expect(colours.has(TEXT)).toBe(true)
    // The VNC password and the ticket stayed in main: not one of their bytes went to the renderer.
    const answer = answers.find((a) => typeof a.password === 'string')
    const password = String(answer?.password)
    expect(password).toMatch(/^.{8}$/)
    const seen = viewer.received.toString('latin1')
    expect(seen).not.toContain(password)
    // The ticket is `<password>:PVEVNC:…`; the password may itself hold a `:` (PVE draws it from ! to `).
    const ticketBody = String(answer?.ticket).slice(password.length + 1)
    expect(ticketBody).toMatch(/^PVEVNC:.{20,}/)
    expect(seen).not.toContain(ticketBody)
    expect(seen).not.toContain('PVEVNC')
    // The POST asked PVE for a websocket and a password, as the GUI does.
    const post = fleet.sim.requests.find((r) => r.path.endsWith('/qemu/101/vncproxy'))
    expect(post?.node).toBe('km4-pve1')
  })

  it('shows a container and a node as vncterm draws them', async () => {
    const api = apiClient()
    const container = await open(api, { type: 'lxc', node: 'km4-pve1', vmid: 110 })
    expect((await connectAsNoVnc(container.viewer)).name).toContain('dns01')
    const node = await open(api, { type: 'node', node: 'km4-pve2' })
    expect((await connectAsNoVnc(node.viewer)).name).toContain('km4-pve2')
  })

  it('relays the renderer’s input both ways after the handshake, and leaves nothing once disposed', async () => {
    const api = apiClient()
    const tracker = trackHandles()
    try {
      const { viewer } = await open(api, { type: 'qemu', node: 'km4-pve1', vmid: 101 })
      const init = await connectAsNoVnc(viewer)
      viewer.send([3, 0, 0, 0, 0, 0, 2, 128, 1, 144])
      await viewer.read(16 + init.width * init.height * 4)
      // An incremental request waits for a change; a key press (keysym "a") is one.
      viewer.send([3, 1, 0, 0, 0, 0, 2, 128, 1, 144])
      viewer.send([4, 1, 0, 0, 0, 0, 0, 0x61])
      const change = await viewer.read(4)
      expect(change[0]).toBe(0)
      viewer.upstream.dispose()
      api.dispose()
      expect(await tracker.settled()).toEqual([])
      expect(viewer.closes).toEqual([])
    } finally {
      tracker.stop()
    }
  })

  it('relays a message larger than pveproxy takes in one frame (a 300 KiB clipboard) and the screen stays', async () => {
    const api = apiClient()
    const { viewer } = await open(api, { type: 'qemu', node: 'km4-pve1', vmid: 101 })
    const init = await connectAsNoVnc(viewer)
    // ClientCutText, RFC 6143 §7.5.6: what noVNC sends when the user pastes a long text.
    const text = Buffer.alloc(300 * 1024, 0x61)
    const head = Buffer.alloc(8)
    head.writeUInt8(6, 0)
    head.writeUInt32BE(text.length, 4)
    viewer.upstream.write(Buffer.concat([head, text]))
    // Behind it in the same byte stream, the screen still answers: a full update, then a key press's change.
    viewer.send([3, 0, 0, 0, 0, 0, 2, 128, 1, 144])
    await viewer.read(16 + init.width * init.height * 4)
    viewer.send([3, 1, 0, 0, 0, 0, 2, 128, 1, 144])
    viewer.send([4, 1, 0, 0, 0, 0, 0, 0x61])
    expect((await viewer.read(4))[0]).toBe(0)
    expect(viewer.closes).toEqual([])
  })

  it('shows a VM’s screen to an API token (vncproxy has taken tokens since PVE 6.1)', async () => {
    const token = fleet.sim.info.clusters[0]?.tokens.find((t) => t.tokenid === 'noc@pve!desk')
    if (token === undefined) throw new Error('no token noc@pve!desk')
    const config = fleet.config('ace-prod')
    const api = fleet.disposables.add(
      new PveClient(
        config.id,
        config.endpoints,
        { get: () => Promise.resolve({ kind: 'token', tokenId: token.tokenid, secret: token.secret }) },
        { timeoutMs: TIMEOUT_MS },
      ),
    )
    const { viewer } = await open(api, { type: 'qemu', node: 'km4-pve2', vmid: 201 })
    expect((await connectAsNoVnc(viewer)).name).toBe('VM 201 (naorlo-web01-test)')
  })

  it('says so when the guest is not running', async () => {
    const api = apiClient()
    fleet.sim.setGuestStatus('ace-prod', 101, 'stopped')
    const error = await open(api, { type: 'qemu', node: 'km4-pve1', vmid: 101 }).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string; detail?: Record<string, string> },
    )
    expect(error?.code).toBe('console_unavailable')
    expect(error?.detail?.reason).toBe('not_running')
    expect(error?.message).toMatch(/not running/)
  })
})

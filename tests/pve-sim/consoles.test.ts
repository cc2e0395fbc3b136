import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { ConsoleClient } from './console-support'
import { input, openConsole, pixelAt, rfbLogin, updateRequest, wsPath } from './console-support'
import { BACKGROUND, POINTER, TEXT, TITLE, TYPED, TYPING } from './consoles/framebuffer'
import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { call, login, pveRequest } from './test-support'
import type { SimClusterInfo, SimEndpoint, Simulator } from './types'

let sim: Simulator
let ace: SimClusterInfo
let km4: SimEndpoint
let km4b: SimEndpoint
let root: Session
const clients: ConsoleClient[] = []

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const cluster = sim.info.clusters[0]
  const [a, b] = cluster?.endpoints ?? []
  if (cluster === undefined || a === undefined || b === undefined) throw new Error('ace-prod missing')
  ace = cluster
  km4 = a
  km4b = b
  root = await login(km4, 'root@pam', cluster.login.password)
})

afterEach(() => {
  for (const c of clients.splice(0)) c.ws.terminate()
})

afterAll(async () => {
  await sim.dispose()
})

const cookie = (session: Session): Record<string, string> => ({
  Cookie: `PVEAuthCookie=${encodeURIComponent(session.ticket)}`,
})

async function connect(
  endpoint: SimEndpoint,
  path: string,
  headers: Record<string, string>,
): Promise<ConsoleClient> {
  const client = await openConsole(endpoint, path, headers)
  clients.push(client)
  return client
}

async function termproxy(base: string, session = root): Promise<Entry> {
  const res = await call(km4, session, 'POST', `${base}/termproxy`)
  expect(res.status, res.reason).toBe(200)
  return res.data as Entry
}

const text = (b: Buffer): string => b.toString('utf8')

async function taskStatus(upid: unknown, endpoint = km4, session = root): Promise<Entry> {
  const node = String(upid).split(':')[1] ?? ''
  const res = await call(
    endpoint,
    session,
    'GET',
    `/nodes/${node}/tasks/${encodeURIComponent(String(upid))}/status`,
  )
  return res.data as Entry
}

async function taskLog(upid: unknown, endpoint = km4, session = root): Promise<string> {
  const node = String(upid).split(':')[1] ?? ''
  const res = await call(
    endpoint,
    session,
    'GET',
    `/nodes/${node}/tasks/${encodeURIComponent(String(upid))}/log`,
  )
  return (res.data as { t: string }[]).map((l) => l.t).join('\n')
}

describe('termproxy', () => {
  it('opens a root shell on the node that answered, speaking termproxy framing', async () => {
    const term = await termproxy('/nodes/km4-pve1')
    expect(term).toMatchObject({ user: 'root@pam', port: '5900' })
    expect(String(term.ticket)).toMatch(/^PVEVNC:[0-9A-F]{8}::[A-Za-z0-9+/]+=*$/)
    expect(String(term.upid)).toMatch(
      /^UPID:km4-pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:vncshell::root@pam:$/,
    )
    const client = await connect(
      km4,
      wsPath('/nodes/km4-pve1', String(term.port), String(term.ticket)),
      cookie(root),
    )
    expect(client.protocol).toBe('binary')
    client.send(`root@pam:${String(term.ticket)}\n`)
    const hello = await client.until((b) => text(b).endsWith('root@km4-pve1:~# '))
    expect(text(hello).startsWith('OK')).toBe(true)
    client.send(input('hostname\r'))
    await client.until((b) => text(b).includes('hostname\r\nkm4-pve1\r\nroot@km4-pve1:~# '))
    client.send(`1:120:40:2${input('echo ä €\r')}`)
    await client.until((b) => text(b).includes('ä €\r\n'))
    client.send(input('qm list\r'))
    const list = text(await client.until((b) => text(b).includes('tpl-debian12')))
    expect(list).toMatch(/ {7}101 naorlo-web01 {9}running {4}8192 {14}64\.00 /)
    client.send(input('seq 30000\r'))
    await client.until((b) => text(b).includes('\r\n29999\r\n30000\r\n'), 10_000)
    expect(client.received().length).toBeGreaterThan(128 * 1024)
    client.send(input('exit\r'))
    await client.closed
    // The program's end fails termproxy's pty read: it exits 1, the worker's run_command reports it.
    expect(await taskStatus(term.upid)).toMatchObject({
      status: 'stopped',
      exitstatus: `command '/usr/bin/termproxy ${String(term.port)} --path /nodes/km4-pve1 --perm Sys.Console --vncticket-endpoint -- /bin/login -f root' failed: exit code 1`,
    })
  })

  it('ends the task OK when the client hangs up', async () => {
    const term = await termproxy('/nodes/km4-pve1')
    const client = await connect(
      km4,
      wsPath('/nodes/km4-pve1', String(term.port), String(term.ticket)),
      cookie(root),
    )
    client.send(`root@pam:${String(term.ticket)}\n`)
    await client.until((b) => text(b).endsWith('root@km4-pve1:~# '))
    client.ws.close()
    await client.closed
    await expect.poll(() => taskStatus(term.upid)).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
  })

  it('answers a wrong user or ticket by closing without OK', async () => {
    const term = await termproxy('/nodes/km4-pve1')
    const client = await connect(
      km4,
      wsPath('/nodes/km4-pve1', String(term.port), String(term.ticket)),
      cookie(root),
    )
    client.send(`noc@pve:${String(term.ticket)}\n`)
    await client.closed
    expect(client.received().length).toBe(0)
    expect(await taskStatus(term.upid)).toMatchObject({
      exitstatus: expect.stringMatching(
        /^command '\/usr\/bin\/termproxy .*' failed: exit code 1$/,
      ) as unknown,
    })
    expect(await taskLog(term.upid)).toContain('authentication request failed')
  })

  it('refuses the websocket on another node, without a session, or with another user', async () => {
    const term = await termproxy('/nodes/km4-pve1')
    const path = wsPath('/nodes/km4-pve1', String(term.port), String(term.ticket))
    // Nothing listens on that port of km4-pve1b: pveproxy never answers, the connection just ends.
    await expect(openConsole(km4b, path, cookie(root))).rejects.toThrow(/socket hang up|ECONNRESET/)
    await expect(openConsole(km4, path, {})).rejects.toThrow(/HTTP 401 No ticket/)
    const noc = await login(km4, 'noc@pve', 'noc-demo')
    await expect(openConsole(km4, path, cookie(noc))).rejects.toThrow(
      /HTTP 401 permission denied - invalid PVEVNC ticket/,
    )
    const naorlo = await login(km4, 'naorlo@pve', 'naorlo-demo')
    await expect(openConsole(km4, path, cookie(naorlo))).rejects.toThrow(
      /HTTP 403 Permission check failed \(\/nodes\/km4-pve1, Sys.Console\)/,
    )
  })

  it('lets the console ticket expire after 40 s and the session after 10 s', async () => {
    const term = await termproxy('/nodes/km4-pve1')
    sim.advanceClock(41)
    const path = wsPath('/nodes/km4-pve1', String(term.port), String(term.ticket))
    await expect(openConsole(km4, path, cookie(root))).rejects.toThrow(/HTTP 401 .*invalid PVEVNC ticket/)
    expect(await taskStatus(term.upid)).toMatchObject({
      status: 'stopped',
      exitstatus: `command '/usr/bin/termproxy ${String(term.port)} --path /nodes/km4-pve1 --perm Sys.Console --vncticket-endpoint -- /bin/login -f root' failed: exit code 1`,
    })
    expect(await taskLog(term.upid)).toContain('failed waiting for client: timed out')
  })

  it('gives other users a login prompt on a node shell, and containers their own prompt', async () => {
    const noc = await login(km4, 'noc@pve', 'noc-demo')
    const term = await termproxy('/nodes/km4-pve1', noc)
    const client = await connect(
      km4,
      wsPath('/nodes/km4-pve1', String(term.port), String(term.ticket)),
      cookie(noc),
    )
    client.send(`noc@pve:${String(term.ticket)}\n`)
    // /bin/login itself: no getty banner before the prompt.
    expect(text(await client.until((b) => text(b).endsWith('km4-pve1 login: ')))).toBe('OKkm4-pve1 login: ')
    client.send(input('root\rpvedesk-demo\r'))
    await client.until((b) => text(b).endsWith('root@km4-pve1:~# '))
    const ct = await termproxy('/nodes/km4-pve1/lxc/110', noc)
    const console = await connect(
      km4,
      wsPath('/nodes/km4-pve1/lxc/110', String(ct.port), String(ct.ticket)),
      cookie(noc),
    )
    console.send(`noc@pve:${String(ct.ticket)}\n`)
    await console.until((b) => text(b).endsWith('\r\nDebian GNU/Linux 13 dns01 tty1\r\n\r\ndns01 login: '))
    console.send(input('root\rpvedesk-demo\rqm list\r'))
    await console.until((b) => text(b).includes('-bash: qm: command not found\r\nroot@dns01:~# '))
  })

  it('lets an API token open the websocket but not a guest termproxy on PVE 9.1.4 (no --vncticket-endpoint)', async () => {
    const token = ace.tokens[0]
    if (token === undefined) throw new Error('no token')
    const auth = { Authorization: `PVEAPIToken=${token.tokenid}=${token.secret}` }
    const res = await fetchTermproxy('/nodes/km4-pve2/qemu/201/termproxy', auth)
    expect(res.user).toBe('noc@pve!desk')
    const client = await connect(
      km4,
      wsPath('/nodes/km4-pve2/qemu/201', String(res.port), String(res.ticket)),
      auth,
    )
    client.send(`noc@pve!desk:${String(res.ticket)}\n`)
    await client.closed
    expect(client.received().length).toBe(0)
    const status = await taskStatus(res.upid)
    expect(status.exitstatus).toBe(
      `command '/usr/bin/termproxy ${String(res.port)} --path /vms/201 --perm VM.Console -- /usr/sbin/qm terminal 201 -escape 0' failed: exit code 1`,
    )
  })
})

async function fetchTermproxy(path: string, headers: Record<string, string>): Promise<Entry> {
  const res = await pveRequest(km4, { method: 'POST', path, headers })
  return (JSON.parse(res.text) as { data: Entry }).data
}

describe('vncproxy and RFB', () => {
  it('serves RFB 3.8 with VNC authentication, a screen with the guest name, and reacts to input', async () => {
    const res = await call(km4, root, 'POST', '/nodes/km4-pve1/qemu/101/vncproxy', { websocket: '1' })
    const vnc = res.data as Entry
    const password = String(vnc.password)
    expect(password).toMatch(/^[!-`]{8}$/)
    expect(String(vnc.ticket).startsWith(`${password}:PVEVNC:`)).toBe(true)
    expect(String(vnc.cert)).toContain('BEGIN CERTIFICATE')
    const client = await connect(
      km4,
      wsPath('/nodes/km4-pve1/qemu/101', String(vnc.port), String(vnc.ticket)),
      cookie(root),
    )
    expect(text(await client.until((b) => b.length >= 12))).toBe('RFB 003.008\n')
    const init = await rfbLogin(client, password)
    expect(init).toMatchObject({ width: 640, height: 400, name: 'VM 101 (naorlo-web01)' })
    const size = init.width * init.height * 4 + 16
    client.send(updateRequest(false, init.width, init.height))
    const first = await client.until((b) => b.length >= init.offset + size)
    expect(pixelAt(first, init.offset, init.width, 0, 0)).toBe(BACKGROUND)
    // The title starts with "1" of "101": the glyph's top row has its middle pixel set.
    expect(pixelAt(first, init.offset, init.width, TITLE.x + 2 * TITLE.scale, TITLE.y)).toBe(TEXT)
    // A key press and a pointer move answer the pending incremental request.
    client.send(updateRequest(true, init.width, init.height))
    const key = Buffer.alloc(8)
    key.writeUInt8(4, 0)
    key.writeUInt8(1, 1)
    key.writeUInt32BE(0x58, 4)
    client.send(key)
    const second = await client.until((b) => b.length >= init.offset + 2 * size)
    // "> X": the X (third character) has its top-left pixel set.
    const [x, y] = [TYPING.x + 2 * 6 * TYPING.scale, TYPING.y]
    expect(pixelAt(first, init.offset, init.width, x, y)).toBe(BACKGROUND)
    expect(pixelAt(second, init.offset + size, init.width, x, y)).toBe(TYPED)
    const pointer = Buffer.from([5, 1, 0, 100, 0, 50])
    client.send(updateRequest(true, init.width, init.height))
    client.send(pointer)
    const third = await client.until((b) => b.length >= init.offset + 3 * size)
    expect(pixelAt(third, init.offset + 2 * size, init.width, 100, 50)).toBe(POINTER)
  })

  it('closes on a wrong VNC password with the RFB failure reason', async () => {
    const vnc = (await call(km4, root, 'POST', '/nodes/km4-pve1/qemu/101/vncproxy', { websocket: '1' }))
      .data as Entry
    const client = await connect(
      km4,
      wsPath('/nodes/km4-pve1/qemu/101', String(vnc.port), String(vnc.ticket)),
      cookie(root),
    )
    await expect(rfbLogin(client, 'wrong!!!')).rejects.toThrow()
    await client.closed
    expect(text(client.received())).toContain('Authentication failed')
  })

  it('answers the plain GET of vncwebsocket with the port, and spiceproxy with the .vv fields', async () => {
    const vnc = (await call(km4, root, 'POST', '/nodes/km4-pve1/qemu/101/vncproxy', { websocket: '1' }))
      .data as Entry
    const plain = await call(
      km4,
      root,
      'GET',
      wsPath('/nodes/km4-pve1/qemu/101', String(vnc.port), String(vnc.ticket)),
    )
    expect(plain.data).toEqual({ port: String(vnc.port) })
    const spice = (
      await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/201/spiceproxy', { proxy: 'noc.ace.ci' })
    ).data as Entry
    expect(spice).toMatchObject({
      type: 'spice',
      title: 'VM 201 - naorlo-web01-test',
      proxy: 'http://noc.ace.ci:3128',
      'delete-this-file': 1,
      'host-subject': 'OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=km4-pve2',
    })
    expect(String(spice.host)).toMatch(/^pvespiceproxy:[0-9a-f]{8}:201:km4-pve2:\d+::[0-9a-f]{40}$/)
    expect(String(spice.ca)).toContain('\\n')
    expect(String(spice.ca)).not.toContain('\n')
  })
})

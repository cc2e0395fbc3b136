// The consoles' answers where PVE is subtle: refused vnctickets, guests that cannot give a console, vncterm
// without websocket=1, SPICE displays, the subprotocol echo, gettys, token consoles by PVE version, pings.

import type { IncomingHttpHeaders } from 'node:http'
import { randomBytes } from 'node:crypto'
import { request } from 'node:https'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { ConsoleClient } from './console-support'
import { input, openConsole, wsPath } from './console-support'
import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { call, login, pveRequest } from './test-support'
import type { SimClusterInfo, SimEndpoint, Simulator } from './types'

let sim: Simulator
let ace: SimClusterInfo
let km4: SimEndpoint
let root: Session
const clients: ConsoleClient[] = []

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const cluster = sim.info.clusters[0]
  const endpoint = cluster?.endpoints[0]
  if (cluster === undefined || endpoint === undefined) throw new Error('ace-prod missing')
  ace = cluster
  km4 = endpoint
  root = await login(km4, 'root@pam', cluster.login.password)
})

afterEach(() => {
  for (const c of clients.splice(0)) c.ws.terminate()
})

afterAll(async () => {
  await sim.dispose()
})

const text = (b: Buffer): string => b.toString('utf8')

const cookie = (session: Session): Record<string, string> => ({
  Cookie: `PVEAuthCookie=${encodeURIComponent(session.ticket)}`,
})

async function post(base: string, what: string, params: Record<string, string> = {}): Promise<Entry> {
  const res = await call(km4, root, 'POST', `${base}/${what}`, params)
  expect(res.status, res.reason).toBe(200)
  return res.data as Entry
}

async function connect(base: string, answer: Entry, headers = cookie(root)): Promise<ConsoleClient> {
  const client = await openConsole(km4, wsPath(base, String(answer.port), String(answer.ticket)), headers)
  clients.push(client)
  return client
}

async function task(upid: unknown): Promise<{ status: Entry; log: string }> {
  const id = encodeURIComponent(String(upid))
  const node = String(upid).split(':')[1] ?? ''
  const status = (await call(km4, root, 'GET', `/nodes/${node}/tasks/${id}/status`)).data as Entry
  const log = (await call(km4, root, 'GET', `/nodes/${node}/tasks/${id}/log`)).data as { t: string }[]
  return { status, log: log.map((l) => l.t).join('\n') }
}

interface RawAnswer {
  status: number
  reason: string
  headers: IncomingHttpHeaders
  body: string
  ms: number
}

/** A websocket upgrade by hand, to see the exact answer (status, headers, body) pveproxy gives. */
function rawUpgrade(
  endpoint: SimEndpoint,
  path: string,
  headers: Record<string, string>,
): Promise<RawAnswer> {
  const url = new URL(`${endpoint.url}/api2/json${path}`)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      rejectUnauthorized: false,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: 101, reason: res.statusMessage ?? '', headers: res.headers, body: '', ms: 0 })
    })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          reason: res.statusMessage ?? '',
          headers: res.headers,
          body,
          ms: performance.now() - started,
        })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('an invalid or expired vncticket', () => {
  it('gets 401 permission denied - invalid PVEVNC ticket, on the upgrade and on the plain GET', async () => {
    const term = await post('/nodes/km4-pve1', 'termproxy')
    const bad = wsPath('/nodes/km4-pve1', String(term.port), 'PVEVNC:00000000::AAAA')
    const upgrade = await rawUpgrade(km4, bad, { ...cookie(root), 'Sec-WebSocket-Protocol': 'binary' })
    expect(upgrade).toMatchObject({ status: 401, reason: 'permission denied - invalid PVEVNC ticket' })
    expect(JSON.parse(upgrade.body)).toEqual({
      data: null,
      message: 'permission denied - invalid PVEVNC ticket\n',
    })
    const plain = await call(km4, root, 'GET', bad)
    expect(plain).toMatchObject({ status: 401, reason: 'permission denied - invalid PVEVNC ticket' })
    sim.advanceClock(41)
    const expired = wsPath('/nodes/km4-pve1', String(term.port), String(term.ticket))
    expect((await rawUpgrade(km4, expired, cookie(root))).status).toBe(401)
  })
})

describe('with PVE’s delay before a 401', () => {
  let slow: Simulator
  beforeAll(async () => {
    slow = await startSimulator({ tickMs: null, authFailureDelayMs: 300 })
  })
  afterAll(async () => {
    await slow.dispose()
  })

  it('answers a bad vncticket only after the configured delay', async () => {
    const cluster = slow.info.clusters[0]
    const endpoint = cluster?.endpoints[0]
    if (cluster === undefined || endpoint === undefined) throw new Error('no endpoint')
    const session = await login(endpoint, 'root@pam', cluster.login.password)
    const bad = wsPath(`/nodes/${endpoint.node}`, '5900', 'PVEVNC:00000000::AAAA')
    const answer = await rawUpgrade(endpoint, bad, cookie(session))
    expect(answer.status).toBe(401)
    expect(answer.ms).toBeGreaterThanOrEqual(290)
  })
})

describe('a guest that cannot give a console', () => {
  it('opens termproxy on a VM without a serial port, then says why in the terminal and fails the task', async () => {
    const term = await post('/nodes/km4-pve1/qemu/120', 'termproxy')
    expect(term.user).toBe('root@pam')
    expect(String(term.upid)).toMatch(/:vncproxy:120:root@pam:$/)
    const client = await connect('/nodes/km4-pve1/qemu/120', term)
    client.send(`root@pam:${String(term.ticket)}\n`)
    await client.closed
    expect(text(client.received())).toBe('OKunable to find a serial interface\r\n')
    expect((await task(term.upid)).status).toMatchObject({
      status: 'stopped',
      exitstatus: `command '/usr/bin/termproxy ${String(term.port)} --path /vms/120 --perm VM.Console -- /usr/sbin/qm terminal 120 -escape 0' failed: exit code 1`,
    })
  })

  it('says VM <vmid> not running on the serial terminal of a stopped VM', async () => {
    const term = await post('/nodes/km4-pve2/qemu/204', 'termproxy')
    const client = await connect('/nodes/km4-pve2/qemu/204', term)
    client.send(`root@pam:${String(term.ticket)}\n`)
    await client.closed
    expect(text(client.received())).toBe('OKVM 204 not running\r\n')
    expect((await task(term.upid)).status.exitstatus).toMatch(
      /qm terminal 204 -escape 0' failed: exit code 1$/,
    )
  })

  it('shows lxc-console’s error for a stopped container, then dtach’s end', async () => {
    sim.setGuestStatus(ace.id, 110, 'stopped')
    try {
      const term = await post('/nodes/km4-pve1/lxc/110', 'termproxy')
      const client = await connect('/nodes/km4-pve1/lxc/110', term)
      client.send(`root@pam:${String(term.ticket)}\n`)
      await client.closed
      expect(text(client.received())).toBe(
        'OKlxc-console: 110: ../src/lxc/tools/lxc_console.c: lxc_console_main: 130 110 is not running\r\n' +
          '\x1b[999H\r\n[EOF - dtach terminating]\r\n',
      )
      expect((await task(term.upid)).status.exitstatus).toMatch(
        /-- \/usr\/bin\/dtach -A \/var\/run\/dtach\/vzctlconsole110 -r winch -z lxc-console -n 110 -e -1' failed: exit code 1$/,
      )
    } finally {
      sim.setGuestStatus(ace.id, 110, 'running')
    }
  })

  it('opens vncproxy on a stopped VM, then closes the websocket without a byte and fails the task', async () => {
    const vnc = await post('/nodes/km4-pve2/qemu/204', 'vncproxy', {
      websocket: '1',
      'generate-password': '1',
    })
    expect(String(vnc.password)).toMatch(/^[!-`]{8}$/)
    const client = await connect('/nodes/km4-pve2/qemu/204', vnc)
    await client.closed
    expect(client.received().length).toBe(0)
    const { status, log } = await task(vnc.upid)
    expect(status).toMatchObject({ status: 'stopped', exitstatus: 'Failed to run vncproxy.' })
    expect(log).toContain('VM 204 not running')
  })
})

describe('termproxy’s task', () => {
  it('fails when the client goes away before its ticket line', async () => {
    const early = await post('/nodes/km4-pve1', 'termproxy')
    const gone = await connect('/nodes/km4-pve1', early)
    gone.ws.close()
    await gone.closed
    await expect.poll(async () => (await task(early.upid)).status.exitstatus).toMatch(/failed: exit code 1$/)
    expect((await task(early.upid)).log).toContain('connection closed before authentication')
  })
})

describe('vncterm without websocket=1', () => {
  it('offers only VeNCrypt (x509), and drops a client asking for VNC Authentication', async () => {
    const vnc = await post('/nodes/km4-pve1', 'vncshell')
    expect(vnc.password).toBeUndefined()
    expect(String(vnc.ticket)).toMatch(/^PVEVNC:/)
    const client = await connect('/nodes/km4-pve1', vnc)
    await client.until((b) => b.length >= 12)
    client.send(Buffer.from('RFB 003.008\n', 'latin1'))
    const types = await client.until((b) => b.length >= 14)
    expect([...types.subarray(12)]).toEqual([1, 19])
    client.send(Buffer.from([2]))
    await client.closed
    expect(client.received().length).toBe(14)
  })

  it('speaks VeNCrypt 0.2 up to the X509Plain subtype, where TLS would start', async () => {
    const vnc = await post('/nodes/km4-pve1/lxc/110', 'vncproxy')
    const client = await connect('/nodes/km4-pve1/lxc/110', vnc)
    await client.until((b) => b.length >= 12)
    client.send(Buffer.from('RFB 003.008\n', 'latin1'))
    await client.until((b) => b.length >= 14)
    client.send(Buffer.from([19]))
    expect([...(await client.until((b) => b.length >= 16)).subarray(14)]).toEqual([0, 2])
    client.send(Buffer.from([0, 2]))
    const offer = await client.until((b) => b.length >= 22)
    expect([...offer.subarray(16, 18)]).toEqual([0, 1])
    expect(offer.readUInt32BE(18)).toBe(262)
  })
})

describe('SPICE', () => {
  it('answers no spice port for a VM without a qxl display, and flags the others in status and config', async () => {
    const none = await call(km4, root, 'POST', '/nodes/km4-pve1/qemu/101/spiceproxy')
    expect(none).toMatchObject({ status: 500, reason: 'no spice port' })
    const base = '/nodes/km4-pve1/qemu'
    expect(((await call(km4, root, 'GET', `${base}/101/status/current`)).data as Entry).spice).toBeUndefined()
    expect(((await call(km4, root, 'GET', `${base}/120/status/current`)).data as Entry).spice).toBe(1)
    expect(((await call(km4, root, 'GET', `${base}/120/config`)).data as Entry).vga).toBe('qxl')
    expect(((await call(km4, root, 'GET', `${base}/101/config`)).data as Entry).vga).toBeUndefined()
    const windows = await call(km4, root, 'POST', `${base}/120/spiceproxy`)
    expect(windows.status).toBe(200)
  })
})

describe('Sec-WebSocket-Protocol', () => {
  it('is echoed as the client sent it, several protocols included, and absent without one', async () => {
    const answers: (string | undefined)[] = []
    for (const offered of ['binary', 'binary, base64', undefined]) {
      const term = await post('/nodes/km4-pve1', 'termproxy')
      const path = wsPath('/nodes/km4-pve1', String(term.port), String(term.ticket))
      const headers =
        offered === undefined ? cookie(root) : { ...cookie(root), 'Sec-WebSocket-Protocol': offered }
      const answer = await rawUpgrade(km4, path, headers)
      expect(answer.status).toBe(101)
      answers.push(answer.headers['sec-websocket-protocol'])
    }
    expect(answers).toEqual(['binary', 'binary, base64', undefined])
  })
})

describe('guest consoles and node shells', () => {
  it('gives a container console a getty: banner, login, shell, and the getty again after exit', async () => {
    const term = await post('/nodes/km4-pve1/lxc/110', 'termproxy')
    const client = await connect('/nodes/km4-pve1/lxc/110', term)
    client.send(`root@pam:${String(term.ticket)}\n`)
    const banner = '\r\nDebian GNU/Linux 13 dns01 tty1\r\n\r\ndns01 login: '
    expect(text(await client.until((b) => text(b).endsWith(banner)))).toBe(`OK${banner}`)
    client.send(input('root\r'))
    await client.until((b) => text(b).endsWith('Password: '))
    client.send(input('pvedesk-demo\r'))
    await client.until((b) => text(b).endsWith('root@dns01:~# '))
    const sample = 'Très bien ─┼─ 🙂'
    const mark = client.received().length
    client.send(input(`echo ${sample}\r`))
    const echoed = await client.until((b) => text(b.subarray(mark)).endsWith('root@dns01:~# '))
    expect(echoed.subarray(mark).equals(Buffer.from(`echo ${sample}\r\n${sample}\r\nroot@dns01:~# `))).toBe(
      true,
    )
    client.send(input('exit\r'))
    await client.until((b) => text(b).endsWith(`logout\r\n${banner}`))
    expect(client.ws.readyState).toBe(client.ws.OPEN)
  })

  it('gives a VM’s serial terminal a getty on ttyS0', async () => {
    const term = await post('/nodes/km4-pve1/qemu/101', 'termproxy')
    const client = await connect('/nodes/km4-pve1/qemu/101', term)
    client.send(`root@pam:${String(term.ticket)}\n`)
    await client.until((b) =>
      text(b).endsWith(
        'starting serial terminal on interface serial0\r\n\r\nDebian GNU/Linux 13 naorlo-web01 ttyS0\r\n\r\nnaorlo-web01 login: ',
      ),
    )
    client.send(input('root\rnope\r'))
    await client.until((b) => text(b).endsWith('\r\nLogin incorrect\r\nnaorlo-web01 login: '))
  })

  it('counts pings, follows resizes (stty size) and lists the session on the control API', async () => {
    const term = await post('/nodes/km4-pve1', 'termproxy')
    const client = await connect('/nodes/km4-pve1', term)
    client.send(`root@pam:${String(term.ticket)}\n`)
    await client.until((b) => text(b).endsWith('root@km4-pve1:~# '))
    client.send(`22${input('stty size\r')}`)
    await client.until((b) => text(b).includes('stty size\r\n20 80\r\n'))
    client.send(`1:132:43:2${input('stty size\r')}`)
    await client.until((b) => text(b).includes('\r\n43 132\r\n'))
    const mine = sim.consoles().find((c) => c.upid === term.upid)
    expect(mine).toMatchObject({ node: 'km4-pve1', kind: 'term', connected: true, pings: 3 })
    expect(mine?.size).toEqual({ cols: 132, rows: 43 })
    const listed = (await (await fetch(`${sim.info.control}/consoles`)).json()) as {
      consoles: { upid: string; pings: number }[]
    }
    expect(listed.consoles.find((c) => c.upid === term.upid)?.pings).toBe(3)
  })
})

describe('API tokens on consoles, by PVE version', () => {
  const token = (cluster: SimClusterInfo): Record<string, string> => {
    const t = cluster.tokens[0]
    if (t === undefined) throw new Error('no token')
    return { Authorization: `PVEAPIToken=${t.tokenid}=${t.secret}` }
  }

  it('checks the privilege first, and refuses a guest termproxy line from a token on PVE 8 too', async () => {
    // The token has no Sys.Console on nodes: rest_handler's permission check runs before the handler.
    const shell = await pveRequest(km4, {
      method: 'POST',
      path: '/nodes/km4-pve1/vncshell',
      headers: token(ace),
    })
    expect(shell.status).toBe(403)
    const yakro = sim.info.clusters.find((c) => c.version.startsWith('8'))
    const node = yakro?.endpoints[0]
    if (yakro === undefined || node === undefined) throw new Error('no PVE 8 cluster')
    const auth = token(yakro)
    const res = await pveRequest(node, {
      method: 'POST',
      path: `/nodes/${node.node}/qemu/100/termproxy`,
      headers: auth,
    })
    expect(res.status).toBe(200)
    const term = (JSON.parse(res.text) as { data: Entry }).data
    const path = wsPath(`/nodes/${node.node}/qemu/100`, String(term.port), String(term.ticket))
    const client = await openConsole(node, path, auth)
    clients.push(client)
    client.send(`${String(term.user)}:${String(term.ticket)}\n`)
    await client.closed
    expect(client.received().length).toBe(0)
  })

  it('opens a VM screen with a token: vncproxy and vncwebsocket take the token id', async () => {
    const auth = token(ace)
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/nodes/km4-pve1/qemu/101/vncproxy',
      headers: auth,
      form: { websocket: '1', 'generate-password': '1' },
    })
    const vnc = (JSON.parse(res.text) as { data: Entry }).data
    expect(vnc.user).toBe('noc@pve!desk')
    const client = await connect('/nodes/km4-pve1/qemu/101', vnc, auth)
    expect(text(await client.until((b) => b.length >= 12))).toBe('RFB 003.008\n')
  })
})

// What an inventory capture reads, as PVE answers it: pending changes, cloud-init secrets hidden, the guest
// agent and its refusals, HA per version, subscriptions, the journal, storage.cfg without passwords,
// certificates, and the list of every secret the simulator holds or issued.

import { X509Certificate } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { call, login } from './test-support'
import type { SimClusterInfo, SimEndpoint, Simulator } from './types'

let sim: Simulator
let aceInfo: SimClusterInfo
let yakroInfo: SimClusterInfo
let ace: SimEndpoint
let yakro: SimEndpoint
let aceRoot: Session
let yakroRoot: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [a, y] = sim.info.clusters
  if (a?.endpoints[0] === undefined || y?.endpoints[0] === undefined) throw new Error('clusters missing')
  aceInfo = a
  yakroInfo = y
  ace = a.endpoints[0]
  yakro = y.endpoints[0]
  aceRoot = await login(ace, 'root@pam', a.login.password)
  yakroRoot = await login(yakro, 'root@pam', y.login.password)
})

afterAll(async () => {
  await sim.dispose()
})

const get = async (endpoint: SimEndpoint, session: Session, path: string): Promise<unknown> => {
  const res = await call(endpoint, session, 'GET', path)
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.reason}`)
  return res.data
}

const byKey = (items: unknown): Map<string, Entry> =>
  new Map((items as Entry[]).map((item) => [String(item.key), item]))

describe('pending changes', () => {
  it('lists every config key with its value, and pending values and deletes where a change waits', async () => {
    const vm = byKey(await get(ace, aceRoot, '/nodes/km4-pve1/qemu/104/pending'))
    expect(vm.get('memory')).toEqual({ key: 'memory', value: '16384', pending: '32768' })
    expect(vm.get('cores')).toEqual({ key: 'cores', value: 8, pending: 12 })
    expect(vm.get('name')).toEqual({ key: 'name', value: 'naorlo-app02' })
    expect(vm.get('digest')?.value).toMatch(/^[0-9a-f]{40}$/)
    const added = byKey(await get(ace, aceRoot, '/nodes/km4-pve2/qemu/203/pending'))
    expect(added.get('cpu')).toEqual({ key: 'cpu', value: 'x86-64-v2-AES', pending: 'host' })
    expect(added.get('ide2')).toEqual({ key: 'ide2', value: 'none,media=cdrom', delete: 1 })
    const ct = byKey(await get(ace, aceRoot, '/nodes/km4-pve1/lxc/113/pending'))
    expect(ct.get('features')).toEqual({ key: 'features', value: 'nesting=1', pending: 'nesting=1,keyctl=1' })
    const deleting = byKey(await get(yakro, yakroRoot, '/nodes/yakro-pve1/lxc/102/pending'))
    expect(deleting.get('features')).toEqual({ key: 'features', value: 'nesting=1', delete: 1 })
    const plain = byKey(await get(ace, aceRoot, '/nodes/km4-pve1/qemu/101/pending'))
    expect([...plain.values()].every((i) => !('pending' in i) && !('delete' in i))).toBe(true)
  })

  it('shows the config with pending values applied unless `current` is asked for', async () => {
    const applied = (await get(ace, aceRoot, '/nodes/km4-pve2/qemu/203/config')) as Entry
    expect(applied.cpu).toBe('host')
    expect(applied.ide2).toBeUndefined()
    const current = (await get(ace, aceRoot, '/nodes/km4-pve2/qemu/203/config?current=1')) as Entry
    expect(current.cpu).toBe('x86-64-v2-AES')
    expect(current.ide2).toBe('none,media=cdrom')
    expect(current.digest).toBe(applied.digest)
  })

  it('hides cloud-init passwords and keeps sshkeys URI-escaped, as qemu-server does', async () => {
    const config = (await get(ace, aceRoot, '/nodes/km4-pve2/qemu/201/config')) as Entry
    expect(config.cipassword).toBe('**********')
    const pending = byKey(await get(ace, aceRoot, '/nodes/km4-pve2/qemu/201/pending'))
    expect(pending.get('cipassword')?.value).toBe('**********')
    const sshkeys = String(config.sshkeys)
    expect(sshkeys).not.toMatch(/[ +/=@\n]/)
    const keys = decodeURIComponent(sshkeys).trim().split('\n')
    expect(keys).toHaveLength(2)
    for (const key of keys)
      expect(key).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} \S+@\S+$/)
    expect(config.ciuser).toBe('naorlo')
    expect(config.ide0).toBe('local-lvm:vm-201-cloudinit,media=cdrom')
  })
})

describe('the QEMU guest agent', () => {
  it('answers a running VM with `agent: 1` through `{result}`', async () => {
    expect(await get(ace, aceRoot, '/nodes/km4-pve1/qemu/101/agent/get-host-name')).toEqual({
      result: { 'host-name': 'naorlo-web01' },
    })
    const os = (await get(ace, aceRoot, '/nodes/km4-pve1/qemu/101/agent/get-osinfo')) as { result: Entry }
    expect(os.result['pretty-name']).toEqual(expect.any(String))
    const nics = (await get(ace, aceRoot, '/nodes/km4-pve1/qemu/101/agent/network-get-interfaces')) as {
      result: Entry[]
    }
    expect(nics.result.map((n) => n.name)).toEqual(['lo', expect.any(String)])
    expect(nics.result[1]?.['hardware-address']).toBe('bc:24:11:00:00:65')
  })

  it.each([
    ['/nodes/km4-pve1/qemu/120', 'No QEMU guest agent configured'],
    ['/nodes/km4-pve2/qemu/204', 'VM 204 is not running'],
    ['/nodes/km4-pve1/qemu/107', 'QEMU guest agent is not running'],
  ])('%s: 500 %s', async (base, message) => {
    const res = await call(ace, aceRoot, 'GET', `${base}/agent/get-osinfo`)
    expect([res.status, res.reason]).toEqual([500, message])
  })

  it('wants VM.GuestAgent.Audit on PVE 9 and VM.Monitor on PVE 8', async () => {
    const aceAuditor = await login(ace, 'auditor@pve', 'auditor-demo')
    expect((await call(ace, aceAuditor, 'GET', '/nodes/km4-pve1/qemu/101/agent/get-host-name')).status).toBe(
      200,
    )
    const yakroAuditor = await login(yakro, 'auditor@pve', 'auditor-demo')
    const refused = await call(yakro, yakroAuditor, 'GET', '/nodes/yakro-pve1/qemu/100/agent/get-host-name')
    expect([refused.status, refused.reason]).toEqual([403, 'Permission check failed (/vms/100, VM.Monitor)'])
  })
})

describe('HA by version', () => {
  it('PVE 9: groups were migrated to rules; the rules come in file order', async () => {
    const groups = await call(ace, aceRoot, 'GET', '/cluster/ha/groups')
    expect([groups.status, groups.reason]).toEqual([
      500,
      'cannot index groups: ha groups have been migrated to rules',
    ])
    const rules = (await get(ace, aceRoot, '/cluster/ha/rules')) as Entry[]
    expect(rules.map((r) => [r.rule, r.order])).toEqual([
      ['naorlo-prod-on-km4', 1],
      ['naorlo-web-apart', 2],
      ['naorlo-app-apart', 3],
      ['db-on-big-node', 4],
    ])
    expect(rules[0]).toMatchObject({ type: 'node-affinity', nodes: 'km4-pve1:2,km4-pve2:1' })
    expect(rules[3]).toMatchObject({ strict: 1, disable: 1 })
    const apart = (await get(ace, aceRoot, '/cluster/ha/rules?type=resource-affinity')) as Entry[]
    expect(apart.map((r) => r.affinity)).toEqual(['negative', 'negative'])
  })

  it('PVE 8: no rules endpoint at all (501), groups answer', async () => {
    const rules = await call(yakro, yakroRoot, 'GET', '/cluster/ha/rules')
    expect([rules.status, rules.reason]).toEqual([501, "Method 'GET /cluster/ha/rules' not implemented"])
    expect(await get(yakro, yakroRoot, '/cluster/ha/groups')).toEqual([])
  })

  it('gives the manager status with each LRM; a standalone node has none', async () => {
    const status = (await get(ace, aceRoot, '/cluster/ha/status/manager_status')) as Entry
    expect(Object.keys(status.lrm_status as Entry)).toEqual(['km4-pve1', 'km4-pve2', 'vitib-pve1'])
    expect((status.manager_status as Entry).service_status).toHaveProperty('vm:101')
    expect(await get(yakro, yakroRoot, '/cluster/ha/status/manager_status')).toEqual({
      manager_status: {},
      quorum: { node: 'yakro-pve1', quorate: 1 },
    })
  })
})

describe('node facts', () => {
  it('subscriptions differ per node; the key is only for Sys.Audit on the node', async () => {
    const active = (await get(ace, aceRoot, '/nodes/km4-pve1/subscription')) as Entry
    expect(active).toMatchObject({ status: 'active', level: 'p', sockets: 2 })
    expect(active.key).toMatch(/^pve2p-[0-9a-f]{10}$/)
    expect(await get(ace, aceRoot, '/nodes/vitib-pve1/subscription')).toMatchObject({ status: 'expired' })
    const none = (await get(yakro, yakroRoot, '/nodes/yakro-pve1/subscription')) as Entry
    expect(none).toMatchObject({ status: 'notfound', message: 'There is no subscription key' })
    expect(none.serverid).toMatch(/^[0-9A-F]{32}$/)
    const naorlo = await login(ace, 'naorlo@pve', 'naorlo-demo')
    expect(await get(ace, naorlo, '/nodes/km4-pve1/subscription')).toEqual({
      status: 'active',
      message: null,
      url: 'https://www.proxmox.com/en/proxmox-virtual-environment/pricing',
    })
  })

  it('pages the journal: start, limit, total, service, and `no content` when nothing matches', async () => {
    const res = await call(ace, aceRoot, 'GET', '/nodes/km4-pve1/syslog?start=10&limit=5')
    const lines = res.data as { n: number; t: string }[]
    expect(lines.map((l) => l.n)).toEqual([11, 12, 13, 14, 15])
    expect(lines[0]?.t).toMatch(/^\w{3} \d{2} \d{2}:\d{2}:\d{2} km4-pve1 \S+\[\d+\]: /)
    expect(Number(res.body.total)).toBeGreaterThan(100)
    const daemon = (await get(ace, aceRoot, '/nodes/km4-pve1/syslog?service=pvedaemon')) as { t: string }[]
    expect(daemon).toHaveLength(50)
    expect(daemon.every((l) => l.t.includes(' pvedaemon['))).toBe(true)
    const none = await call(ace, aceRoot, 'GET', '/nodes/km4-pve1/syslog?service=sshd')
    expect([none.data, none.body.total]).toEqual([[{ n: 1, t: 'no content' }], 1])
  })

  it('has DNS, time zone and package versions per node, and one certificate expiring within 30 days', async () => {
    expect(await get(ace, aceRoot, '/nodes/vitib-pve1/dns')).toEqual({
      search: 'ace.ci',
      dns1: '10.20.0.53',
      dns2: '10.10.0.53',
    })
    expect(await get(ace, aceRoot, '/nodes/km4-pve2/time')).toMatchObject({ timezone: 'Etc/UTC' })
    expect(await get(ace, aceRoot, '/nodes/km4-pve1/time')).toMatchObject({ timezone: 'Africa/Abidjan' })
    const version = async (node: string, pkg: string): Promise<Entry | undefined> =>
      ((await get(ace, aceRoot, `/nodes/${node}/apt/versions`)) as Entry[]).find((p) => p.Package === pkg)
    expect((await version('km4-pve1', 'qemu-server'))?.Version).toBe('9.1.2')
    expect((await version('vitib-pve1', 'qemu-server'))?.Version).toBe('9.1.1')
    expect((await version('vitib-pve1', 'proxmox-ve'))?.RunningKernel).toBe('6.14.11-4-pve')
    const days = async (node: string): Promise<number> => {
      const files = (await get(ace, aceRoot, `/nodes/${node}/certificates/info`)) as Entry[]
      const cert = files.find((f) => f.filename === 'pve-ssl.pem')
      return (Number(cert?.notafter) * 1000 - sim.now()) / 86_400_000
    }
    expect(await days('vitib-pve1')).toBeLessThan(30)
    expect(await days('km4-pve1')).toBeGreaterThan(365)
  })
})

describe('storage.cfg and the firewall', () => {
  it('lists storage definitions cluster-wide, PBS without its password', async () => {
    const aceStorages = (await get(ace, aceRoot, '/storage')) as Entry[]
    expect(aceStorages.map((s) => s.storage)).toEqual(['local', 'local-lvm', 'local-zfs', 'pbs-yakro'])
    expect(aceStorages.find((s) => s.storage === 'local-zfs')).toMatchObject({
      type: 'zfspool',
      pool: 'rpool/data',
      content: 'images,rootdir',
    })
    // The same PBS datastore as Yamoussoukro's, in ace-prod's own namespace.
    expect(aceStorages.find((s) => s.storage === 'pbs-yakro')).toMatchObject({
      type: 'pbs',
      server: '10.30.0.20',
      datastore: 'yakro',
      namespace: 'ace-prod',
      shared: 1,
    })
    const [pbs] = (await get(yakro, yakroRoot, '/storage?type=pbs')) as Entry[]
    expect(pbs).toMatchObject({ storage: 'pbs-yakro', type: 'pbs', shared: 1, content: 'backup' })
    expect(pbs?.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/)
    expect(Object.keys(pbs ?? {}).filter((k) => /password|key/.test(k))).toEqual([])
  })

  it('has options, aliases and IP sets with entries', async () => {
    expect(await get(ace, aceRoot, '/cluster/firewall/options')).toMatchObject({
      enable: 1,
      policy_in: 'DROP',
    })
    expect(await get(yakro, yakroRoot, '/cluster/firewall/options')).toMatchObject({ enable: 0 })
    const aliases = (await get(ace, aceRoot, '/cluster/firewall/aliases')) as Entry[]
    expect(aliases.map((a) => a.name)).toEqual(['km4-mgmt', 'monitoring', 'noc-net', 'pbs-yakro'])
    const entries = (await get(ace, aceRoot, '/cluster/firewall/ipset/management')) as Entry[]
    expect(entries.find((e) => e.nomatch === 1)?.cidr).toBe('10.10.0.66')
    const missing = await call(ace, aceRoot, 'GET', '/cluster/firewall/ipset/nothing')
    expect([missing.status, missing.reason]).toEqual([500, "no such IPSet 'nothing'"])
  })
})

describe('secretValues', () => {
  it('names every secret held and every ticket, token and console password issued', async () => {
    const before = sim.secretValues()
    const noc = aceInfo.users.find((u) => u.username === 'noc@pve')
    const secure = yakroInfo.users.find((u) => u.username === 'secure@pve')
    const token = aceInfo.tokens[0]
    expect(before).toEqual(
      expect.arrayContaining([
        'pvedesk-demo',
        noc?.password,
        secure?.totpSecret,
        ...(secure?.recoveryCodes ?? []),
        token?.secret,
        aceRoot.ticket,
        aceRoot.csrf,
        'W1n-Ad01-Ace!',
      ]),
    )
    expect(before.some((v) => v.startsWith('$5$'))).toBe(true)
    expect(before.filter((v) => /^pve\d[cbsp]-[0-9a-f]{10}$/.test(v))).toHaveLength(3)
    const session = await login(ace, 'auditor@pve', 'auditor-demo')
    const vnc = await call(ace, aceRoot, 'POST', '/nodes/km4-pve1/qemu/101/vncproxy')
    const answer = vnc.data as Entry
    const after = sim.secretValues()
    expect(after).toEqual(
      expect.arrayContaining([session.ticket, session.csrf, answer.password, String(answer.ticket).slice(9)]),
    )
    expect(new Set(after).size).toBe(after.length)
  })

  it('the certificate the node serves is the one it describes', async () => {
    const files = (await get(ace, aceRoot, '/nodes/vitib-pve1/certificates/info')) as Entry[]
    const cert = files.find((f) => f.filename === 'pve-ssl.pem')
    expect(new X509Certificate(String(cert?.pem)).fingerprint256).toBe(sim.fingerprintOf('vitib-pve1'))
  })
})

describe('pending changes at the next start', () => {
  it('a reboot applies them: the config holds the new values, nothing is pending, the sizes follow', async () => {
    const own = await startSimulator({ tickMs: null })
    try {
      const [cluster] = own.info.clusters
      const endpoint = cluster?.endpoints[0]
      if (cluster === undefined || endpoint === undefined) throw new Error('no cluster')
      const root = await login(endpoint, 'root@pam', cluster.login.password)
      const rebooted = await call(endpoint, root, 'POST', '/nodes/km4-pve2/qemu/203/status/reboot')
      expect(rebooted.status).toBe(200)
      own.advanceClock(30)
      const items = byKey(await get(endpoint, root, '/nodes/km4-pve2/qemu/203/pending'))
      expect(items.get('cpu')).toEqual({ key: 'cpu', value: 'host' })
      expect(items.has('ide2')).toBe(false)
      expect([...items.values()].some((i) => 'pending' in i || 'delete' in i)).toBe(false)
      own.setGuestStatus('ace-prod', 104, 'stopped')
      own.setGuestStatus('ace-prod', 104, 'running')
      const status = (await get(endpoint, root, '/nodes/km4-pve1/qemu/104/status/current')) as Entry
      expect([status.maxmem, status.cpus]).toEqual([32768 * 1024 ** 2, 12])
    } finally {
      await own.dispose()
    }
  })
})

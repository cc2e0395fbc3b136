// What the guest panel reads besides status and RRD: notes, pending changes, and the release of each node.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import { HOSTILE_NOTES } from './scenario-panels'
import type { Entry, Session } from './test-support'
import { call, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'

let sim: Simulator
let km4: SimEndpoint
let vitib: SimEndpoint
let root: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [ace] = sim.info.clusters
  const [first, , third] = ace?.endpoints ?? []
  if (ace === undefined || first === undefined || third === undefined) throw new Error('ace-prod missing')
  km4 = first
  vitib = third
  root = await login(km4, 'root@pam', ace.login.password)
})

afterAll(async () => {
  await sim.dispose()
})

async function get(path: string, endpoint = km4): Promise<unknown> {
  const res = await call(endpoint, root, 'GET', path)
  expect(res.status, `${path}: ${res.reason}`).toBe(200)
  return res.data
}

describe('notes', () => {
  it('gives the Markdown notes back as one `description` string with its newlines', async () => {
    const config = (await get('/nodes/km4-pve1/qemu/101/config')) as Entry
    const notes = String(config.description)
    expect(notes).toMatch(/^# naorlo-web01\n/)
    expect(notes).toContain('| nginx   | 443  | Zabbix      |')
    expect(notes).toContain('[wiki NOC](https://wiki.ace.ci/noc/naorlo-web)')
    const ct = (await get('/nodes/km4-pve1/lxc/110/config')) as Entry
    expect(String(ct.description)).toContain('*unbound*')
  })

  it('keeps hostile notes exactly as written on sandbox-debian (210), for the renderer to defuse', async () => {
    const config = (await get('/nodes/km4-pve2/qemu/210/config')) as Entry
    expect(config.description).toBe(HOSTILE_NOTES)
    expect(HOSTILE_NOTES).toContain('<script>alert(1)</script>')
    expect(HOSTILE_NOTES).toContain('<img src=x onerror=alert(1)>')
    expect(HOSTILE_NOTES).toContain('[x](javascript:alert(1))')
  })
})

describe('pending changes', () => {
  it('shows 104’s new NIC and the option it will drop at its next start', async () => {
    const items = (await get('/nodes/km4-pve1/qemu/104/pending')) as Entry[]
    const byKey = new Map(items.map((i) => [i.key, i]))
    expect(byKey.get('net1')).toEqual({
      key: 'net1',
      pending: 'virtio=BC:24:11:01:00:69,bridge=vmbr0,tag=30',
    })
    expect(byKey.get('numa')).toEqual({ key: 'numa', value: 0, delete: 1 })
    expect(byKey.get('memory')).toMatchObject({ value: '16384', pending: '32768' })
    expect(byKey.get('hotplug')).toEqual({ key: 'hotplug', value: 'disk,usb' })
  })
})

describe('container interfaces', () => {
  it('lists lo and eth0 as `ip --json a` shows them, the last address of each family in inet/inet6', async () => {
    const ifaces = (await get('/nodes/km4-pve1/lxc/110/interfaces')) as Entry[]
    expect(ifaces.map((i) => i.name)).toEqual(['lo', 'eth0'])
    const eth0 = ifaces[1] ?? {}
    expect(eth0['hardware-address']).toBe('bc:24:11:00:00:6e')
    expect(eth0.hwaddr).toBe(eth0['hardware-address'])
    expect(eth0.inet).toBe('10.100.0.112/24')
    expect(String(eth0.inet6)).toMatch(/^fe80::.*\/64$/)
    const addresses = eth0['ip-addresses'] as Entry[]
    expect(addresses.map((a) => a['ip-address-type'])).toEqual(['inet', 'inet6', 'inet6'])
    expect(addresses[1]).toMatchObject({ 'ip-address': '2001:db8:6e::6e', prefix: 64 })
  })

  it('answers null for a stopped container (no process to enter)', async () => {
    sim.setGuestStatus('ace-prod', 205, 'stopped')
    try {
      const res = await call(km4, root, 'GET', '/nodes/km4-pve2/lxc/205/interfaces')
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ data: null })
    } finally {
      sim.setGuestStatus('ace-prod', 205, 'running')
    }
  })
})

describe('guest firewall options', () => {
  it('has the firewall on for production guests, and only the empty file’s digest elsewhere', async () => {
    expect(await get('/nodes/km4-pve1/qemu/101/firewall/options')).toMatchObject({
      enable: 1,
      policy_in: 'DROP',
      digest: expect.stringMatching(/^[0-9a-f]{40}$/) as string,
    })
    expect(await get('/nodes/km4-pve2/qemu/210/firewall/options')).toEqual({
      digest: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    })
  })
})

describe('one HA resource', () => {
  it('reads vm:101, takes a bare vmid for it, and refuses an unknown one as PVE does', async () => {
    const resource = await get('/cluster/ha/resources/vm:101')
    expect(resource).toMatchObject({ sid: 'vm:101', type: 'vm', state: 'started' })
    expect(await get('/cluster/ha/resources/101')).toEqual(resource)
    const missing = await call(km4, root, 'GET', '/cluster/ha/resources/vm:210')
    expect(missing.status).toBe(500)
    expect(missing.body.message).toBe("no such resource 'vm:210'\n")
  })
})

describe('mixed releases', () => {
  it('has vitib-pve1 one release behind its cluster in /nodes/{node}/version, status and apt', async () => {
    expect(await get('/nodes/km4-pve1/version')).toMatchObject({ version: '9.1.4' })
    expect(await get('/nodes/vitib-pve1/version')).toMatchObject({ version: '9.1.2', release: '9.1' })
    // /version answers for the node asked.
    expect(await get('/version', vitib)).toMatchObject({ version: '9.1.2' })
    const status = (await get('/nodes/vitib-pve1/status')) as Entry
    expect(String(status.pveversion)).toMatch(/^pve-manager\/9\.1\.2\//)
    const apt = (await get('/nodes/vitib-pve1/apt/versions')) as Entry[]
    expect(apt.find((p) => p.Package === 'pve-manager')).toMatchObject({ Version: '9.1.2' })
  })
})

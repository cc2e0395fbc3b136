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

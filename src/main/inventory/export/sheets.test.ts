import { describe, expect, it } from 'vitest'

import type { InventoryCluster, InventorySnapshot } from '../../../shared/model/inventory-snapshot'
import { HOSTILE_NAMES, makeInventory, mutate } from '../../../../tests/support/inventory-fixture'
import type { Cell, ExportSource, Sheet } from './cells'
import { cellText, SHEET_NAMES } from './cells'
import { csvText } from './csv'
import { escapeHtml, reportHtml } from './html'
import { parsePropertyString, sizeGiB, storageOf } from './property-string'
import { buildReport } from './report'
import { buildSheets } from './sheets'
import { printable, winAnsi } from './win-ansi'

const source = (snapshot: InventorySnapshot): ExportSource => ({
  snapshot,
  sha256: 'e'.repeat(64),
  signer: { publicKey: 'ssh-ed25519 AAAAC3Nza pvedesk-inventory@desk-01', fingerprint: 'SHA256:abcdefgh' },
  manifest: {} as ExportSource['manifest'],
})

function sheet(sheets: Sheet[], name: Sheet['name']): Sheet {
  const s = sheets.find((x) => x.name === name)
  if (s === undefined) throw new Error(name)
  return s
}

/** The rows of a sheet as header → cell records, to read cells by their column's name. */
const records = (s: Sheet): Record<string, Cell>[] =>
  s.rows.map((r) => Object.fromEntries(s.columns.map((c, i) => [c.header, r[i] ?? null])))

const snapshot = makeInventory({ guests: 60, clusters: 2, seed: 5, hostile: true })

describe('the sheets of an export', () => {
  const sheets = buildSheets(source(snapshot))
  const par = snapshot.clusters.find((c) => c.id === 'par-prod') as InventoryCluster

  it('are every sheet in order, each row as wide as its header', () => {
    expect(sheets.map((s) => s.name)).toEqual([...SHEET_NAMES])
    for (const s of sheets) for (const r of s.rows) expect(r.length, s.name).toBe(s.columns.length)
  })

  it('have a row per VM, per container, per disk and per NIC of the configs', () => {
    const guests = snapshot.clusters.flatMap((c) => c.guests)
    expect(sheet(sheets, 'VMs').rows.length).toBe(guests.filter((g) => g.type === 'qemu').length)
    expect(sheet(sheets, 'Containers').rows.length).toBe(guests.filter((g) => g.type === 'lxc').length)
    const keys = guests.flatMap((g) => Object.keys(g.config ?? {}).map((k) => ({ g, k })))
    const disks = keys.filter(({ g, k }) =>
      g.type === 'qemu'
        ? /^(ide|sata|scsi|virtio|efidisk|tpmstate|unused)\d+$/.test(k)
        : /^(rootfs|mp\d+|unused\d+)$/.test(k),
    )
    expect(sheet(sheets, 'Disks').rows.length).toBe(disks.length)
    expect(sheet(sheets, 'NICs').rows.length).toBe(keys.filter(({ k }) => /^net\d+$/.test(k)).length)
  })

  it('read a VM and its disks and NICs from the config, sizes in GiB', () => {
    const g = par.guests.find(
      (x) => x.type === 'qemu' && x.vmid % 5 === 0 && x.config?.template === undefined,
    )
    if (g?.config === undefined) throw new Error('a VM with two disks')
    const vm = records(sheet(sheets, 'VMs')).find((r) => r.Cluster === 'par-prod' && r.VMID === g.vmid)
    const size = Number(/size=(\d+)G/.exec(JSON.stringify(g.config.scsi0))?.[1])
    expect(vm).toMatchObject({
      Name: g.name,
      Node: g.node,
      'Memory (GiB)': Number(g.config.memory) / 1024,
      'Disk size (GiB)': size + 200,
      Disks: 2,
      NICs: 2,
    })
    const disks = records(sheet(sheets, 'Disks')).filter((r) => r.Cluster === 'par-prod' && r.VMID === g.vmid)
    expect(disks.map((d) => [d.Device, d.Storage, d['Size (GiB)'], d.Media, d.Backup])).toEqual([
      ['scsi0', 'ceph-vm', size, 'disk', 'yes'],
      ['scsi1', 'local-lvm', 200, 'disk', 'no'],
      ['ide2', null, null, 'cdrom', null],
    ])
    const nic = records(sheet(sheets, 'NICs')).find((r) => r.Cluster === 'par-prod' && r.VMID === g.vmid)
    expect(nic).toMatchObject({ Device: 'net0', Model: 'virtio', Bridge: 'vmbr0', Firewall: 'yes' })
    expect(nic?.['MAC address']).toMatch(/^BC:24:11:/)
    expect(typeof nic?.['VLAN tag']).toBe('number')
  })

  it('say who may do what by id, never a secret, and which guests no backup job covers', () => {
    const users = records(sheet(sheets, 'Users & ACLs')).filter((r) => r.Cluster === 'par-prod')
    expect(users.filter((r) => r.Kind === 'API token').map((r) => r.ID)).toEqual([
      'noc@pve!pvedesk',
      'noc@pve!grafana',
    ])
    expect(users.find((r) => r.Kind === 'ACL (token)' && r.ID === 'noc@pve!grafana')).toMatchObject({
      Path: '/pool/prod',
      Role: 'PVEAuditor',
      Propagate: 'no',
    })
    const notBackedUp = records(sheet(sheets, 'Not backed up')).filter((r) => r.Cluster === 'par-prod')
    expect(notBackedUp.map((r) => r.VMID)).toEqual((par.backups.notBackedUp ?? []).map((e) => e.vmid))
    const vms = records(sheet(sheets, 'VMs')).filter(
      (r) => r.Cluster === 'par-prod' && notBackedUp.some((n) => n.VMID === r.VMID),
    )
    expect(vms.every((r) => r['Backed up'] === 'no')).toBe(true)
  })

  it('give certificate expiry as a date and its days left at the capture', () => {
    const node = par.nodes[0]
    const cert = node?.certificates?.find((c) => c.filename === 'pve-ssl.pem')
    const row = records(sheet(sheets, 'Certificates')).find(
      (r) => r.Node === node?.node && r.File === 'pve-ssl.pem',
    )
    expect(row?.['Expires (UTC)']).toEqual(new Date(Number(cert?.notafter) * 1000))
    expect(row?.['Days left at capture']).toBe(
      Math.floor((Number(cert?.notafter) * 1000 - Date.parse(snapshot.meta.takenAt)) / 86_400_000),
    )
  })

  it('follow the inventory snapshot: a stopped guest reads stopped', () => {
    const running = par.resources?.find((r) => r.type === 'qemu' && r.status === 'running')
    const vmid = Number(running?.vmid)
    const after = buildSheets(source(mutate(snapshot, { op: 'stop', clusterId: 'par-prod', vmid })))
    expect(
      records(sheet(after, 'VMs')).find((r) => r.Cluster === 'par-prod' && r.VMID === vmid)?.Status,
    ).toBe('stopped')
  })
})

describe('PVE property strings', () => {
  it('read the default key, key=value pairs, sizes and storages', () => {
    const disk = parsePropertyString('ceph-vm:vm-100-disk-0,discard=on,iothread=1,size=32G')
    expect(disk.head).toBe('ceph-vm:vm-100-disk-0')
    expect(Object.fromEntries(disk.values)).toEqual({ discard: 'on', iothread: '1', size: '32G' })
    expect(parsePropertyString('virtio=BC:24:11:00:00:01,bridge=vmbr0').first).toEqual([
      'virtio',
      'BC:24:11:00:00:01',
    ])
    expect([
      sizeGiB('32G'),
      sizeGiB('1T'),
      sizeGiB('512M'),
      sizeGiB('4M'),
      sizeGiB('huge'),
      sizeGiB(undefined),
    ]).toEqual([32, 1024, 0.5, 0, null, null])
    expect([storageOf('local-lvm:vm-1-disk-0'), storageOf('/mnt/bind'), storageOf('none')]).toEqual([
      'local-lvm',
      undefined,
      undefined,
    ])
    expect(parsePropertyString('').values.size).toBe(0)
  })
})

describe('what the writers do with hostile or foreign text', () => {
  it('CSV neutralizes formulas and quotes what needs it, with a BOM', () => {
    const csv = csvText({
      name: 'VMs',
      columns: [
        { header: 'Name', format: 'text' },
        { header: 'n', format: 'integer' },
      ],
      rows: [
        ['=1+1', -5],
        ['@SUM(A1)', 3],
        ['a,"b"', null],
        ['+x', 0],
        ['-y', 1],
      ],
    })
    expect(csv).toBe('\uFEFFName,n\r\n\'=1+1,-5\r\n\'@SUM(A1),3\r\n"a,""b""",\r\n\'+x,0\r\n\'-y,1\r\n')
  })

  it('HTML escapes every value; the report of a hostile inventory snapshot holds no tag of it', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;',
    )
    const html = reportHtml(buildReport(source(snapshot)))
    expect(html).toContain(escapeHtml(HOSTILE_NAMES.html))
    expect(html).not.toContain(HOSTILE_NAMES.html)
  })

  it('PDF text keeps French letters and replaces what a standard font cannot print, visibly', () => {
    expect(winAnsi('Montréal, Île-Seguin, cœur, « déjà » 5 €')).toBe(
      'Montréal, Île-Seguin, cœur, « déjà » 5 €',
    )
    expect(winAnsi(`${HOSTILE_NAMES.cjk} ≤ 😀\tend`)).toBe('???-? ? ? end')
  })

  it('PDF values wholly in another script keep something identifiable: their code points', () => {
    expect(printable(HOSTILE_NAMES.cjk)).toBe('???-? [U+6570 U+636E U+5E93 U+4E3B]')
    // Two Cyrillic site names of one length would both print `??????` without them.
    expect(printable('Москва')).toBe('?????? [U+041C U+043E U+0441 U+043A …]')
    expect(printable('Минск')).not.toBe(printable('Москва'))
    expect(printable('😀')).toBe('? [U+1F600]')
    // Whatever keeps a letter or digit is left as winAnsi prints it; so is a value that is only punctuation.
    expect(printable('web-数据库')).toBe('web-???')
    expect(printable('Montréal')).toBe('Montréal')
    expect(printable('?-?')).toBe('?-?')
    expect(printable('')).toBe('')
  })

  it('times read as ISO 8601 UTC to the second', () => {
    expect(cellText(new Date('2026-12-01T12:00:00.000Z'))).toBe('2026-12-01T12:00:00Z')
  })
})

import type { InventoryCluster, InventoryNode, JsonValue } from '../../../shared/model/inventory-snapshot'
import type { Cell, ExportSource, Sheet } from './cells'
import { columns, epoch, field, gib, num, text } from './cells'
import type { ClusterFacts } from './fleet-facts'
import { clusterFacts, guestsOf } from './fleet-facts'
import { containersSheet, disksSheet, vmsSheet } from './sheets-guests'
import { drGuestsSheet, drSitesSheet } from './sheets-dr'
import { nicsSheet } from './sheets-nics'
import { backupsSheet, haSheet, notBackedUpSheet, replicationSheet, storageSheet } from './sheets-services'
import { certificatesSheet, consoleSheet, firewallSheet, issuesSheet, usersSheet } from './sheets-access'

/**
 * Every table of an export, in workbook order (see SHEET_NAMES), built once from a verified inventory snapshot;
 * XLSX, CSV, HTML and PDF write these same rows.
 */
export function buildSheets(source: ExportSource): Sheet[] {
  const facts = [...source.snapshot.clusters].sort((a, b) => (a.id < b.id ? -1 : 1)).map(clusterFacts)
  return [
    summarySheet(source, facts),
    issuesSheet(source.snapshot),
    sitesSheet(facts),
    clustersSheet(facts),
    nodesSheet(facts),
    vmsSheet(facts),
    containersSheet(facts),
    disksSheet(facts),
    nicsSheet(facts),
    storageSheet(facts),
    backupsSheet(facts),
    notBackedUpSheet(facts),
    replicationSheet(facts),
    haSheet(facts),
    drGuestsSheet(source.snapshot),
    drSitesSheet(source.snapshot),
    firewallSheet(facts),
    usersSheet(facts),
    certificatesSheet(facts, Date.parse(source.snapshot.meta.takenAt)),
    consoleSheet(source.snapshot),
  ]
}

/** The totals the cover and the Summary sheet show. */
export interface Totals {
  sites: string[]
  clusters: number
  nodes: number
  vms: number
  containers: number
  templates: number
  running: number
  issues: number
  notBackedUp: number
  backupArchives: number
  consoleSessions: number
}

export function totalsOf(source: ExportSource, facts = source.snapshot.clusters.map(clusterFacts)): Totals {
  const sites = new Set<string>()
  let nodes = 0
  let vms = 0
  let containers = 0
  let templates = 0
  let running = 0
  let notBackedUp = 0
  let backupArchives = 0
  for (const f of facts) {
    for (const n of f.cluster.nodes) sites.add(n.site)
    nodes += f.cluster.nodes.length
    for (const g of guestsOf(f)) {
      const r = f.resource(g.vmid)
      if (g.type === 'qemu') vms++
      else containers++
      if (num(r?.template) === 1 || num(f.guest(g.vmid)?.config?.template) === 1) templates++
      if (r?.status === 'running') running++
    }
    notBackedUp += f.cluster.backups.notBackedUp?.length ?? 0
    for (const a of f.cluster.backups.archives) backupArchives += a.entries.length
  }
  return {
    sites: [...sites].sort(),
    clusters: facts.length,
    nodes,
    vms,
    containers,
    templates,
    running,
    issues: source.snapshot.issues.length,
    notBackedUp,
    backupArchives,
    consoleSessions: source.snapshot.consoleSessions.length,
  }
}

function summarySheet(source: ExportSource, facts: ClusterFacts[]): Sheet {
  const { meta } = source.snapshot
  const t = totalsOf(source, facts)
  const rows: [string, Cell][] = [
    ['Taken at (UTC)', new Date(meta.takenAt)],
    ['Taken by', `${meta.takenBy.user}@${meta.takenBy.host}`],
    ['Trigger', meta.trigger],
    ['Capture duration (s)', Math.round(meta.durationMs / 100) / 10],
    ['PVE Desk version', meta.app.version],
    ['Signer fingerprint', source.signer.fingerprint],
    ['Signer public key', source.signer.publicKey],
    ['SHA-256 of inventory.json', source.sha256],
    ['Sites', t.sites.join(', ')],
    ['Clusters', t.clusters],
    ['Nodes', t.nodes],
    ['VMs', t.vms],
    ['Containers', t.containers],
    ['Templates', t.templates],
    ['Running guests', t.running],
    ['Backup archives', t.backupArchives],
    ['Guests not backed up', t.notBackedUp],
    ['Issues', t.issues],
    ['Console sessions', t.consoleSessions],
  ]
  return { name: 'Summary', columns: columns('Item', 'Value'), rows }
}

function sitesSheet(facts: ClusterFacts[]): Sheet {
  interface SiteRow {
    clusters: Set<string>
    nodes: number
    online: number
    vms: number
    containers: number
    running: number
    vcpus: number
    memory: number
  }
  const sites = new Map<string, SiteRow>()
  const row = (site: string): SiteRow => {
    let r = sites.get(site)
    if (r === undefined) {
      r = { clusters: new Set(), nodes: 0, online: 0, vms: 0, containers: 0, running: 0, vcpus: 0, memory: 0 }
      sites.set(site, r)
    }
    return r
  }
  for (const f of facts) {
    for (const n of f.cluster.nodes) {
      const r = row(n.site)
      r.clusters.add(f.cluster.name)
      r.nodes++
      if (n.status === 'online') r.online++
    }
    for (const g of guestsOf(f)) {
      const r = row(f.siteOf(g.node))
      const res = f.resource(g.vmid)
      if (g.type === 'qemu') r.vms++
      else r.containers++
      if (res?.status === 'running') r.running++
      r.vcpus += num(res?.maxcpu) ?? 0
      r.memory += num(res?.maxmem) ?? 0
    }
  }
  return {
    name: 'Sites',
    columns: columns(
      'Site',
      'Clusters',
      ['Nodes', 'integer'],
      ['Nodes online', 'integer'],
      ['VMs', 'integer'],
      ['Containers', 'integer'],
      ['Running guests', 'integer'],
      ['vCPUs allocated', 'integer'],
      ['Memory allocated (GiB)', 'gib'],
    ),
    rows: [...sites.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([site, r]) => [
        site,
        [...r.clusters].sort().join(', '),
        r.nodes,
        r.online,
        r.vms,
        r.containers,
        r.running,
        r.vcpus,
        gib(r.memory),
      ]),
  }
}

const quorate = (c: InventoryCluster): Cell => {
  const entry = c.status?.find((e) => e.type === 'cluster')
  if (entry === undefined) return null
  return num(entry.quorate) === 1 ? 'yes' : 'no'
}

function clustersSheet(facts: ClusterFacts[]): Sheet {
  return {
    name: 'Clusters',
    columns: columns(
      'Cluster ID',
      'Name',
      'PVE cluster name',
      'Reach',
      ['Last known at (UTC)', 'date'],
      'Last known from',
      'PVE version',
      'Quorate',
      ['Nodes', 'integer'],
      ['Guests', 'integer'],
      'Sites',
    ),
    rows: facts.map(({ cluster: c }) => [
      c.id,
      c.name,
      c.clusterName ?? null,
      c.reach,
      c.lastKnown === undefined ? null : new Date(c.lastKnown.at),
      c.lastKnown?.source ?? null,
      text(field(c.version, 'version')),
      quorate(c),
      c.nodes.length,
      guestsOf(clusterFacts(c)).length,
      [...new Set(c.nodes.map((n) => n.site))].sort().join(', '),
    ]),
  }
}

const kernelOf = (n: InventoryNode): Cell => {
  const current = n.nodeStatus?.['current-kernel']
  if (
    current !== null &&
    typeof current === 'object' &&
    !Array.isArray(current) &&
    typeof current.release === 'string'
  )
    return current.release
  return text(n.nodeStatus?.kversion)
}

const sub = (o: JsonValue | undefined, key: string): JsonValue | undefined =>
  o !== null && o !== undefined && typeof o === 'object' && !Array.isArray(o) ? o[key] : undefined

const days = (seconds: JsonValue | undefined): Cell => {
  const n = num(seconds)
  return n === null ? null : Math.round((n / 86_400) * 10) / 10
}

function nodesSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const f of facts) {
    const resources = new Map(
      (f.cluster.resources ?? []).filter((r) => r.type === 'node').map((r) => [r.node, r]),
    )
    for (const n of f.cluster.nodes) {
      const r = resources.get(n.node)
      const s = n.nodeStatus
      const expiry = (n.certificates ?? [])
        .map((c) => num(c.notafter))
        .filter((x): x is number => x !== null)
        .sort((a, b) => a - b)[0]
      const addresses = (n.network ?? [])
        .map((i) =>
          typeof i.cidr === 'string' && typeof i.iface === 'string' ? `${i.iface} ${i.cidr}` : null,
        )
        .filter((x): x is string => x !== null)
      rows.push([
        f.cluster.id,
        n.node,
        n.site,
        n.status,
        text(field(n.version, 'version')),
        kernelOf(n),
        text(sub(s?.cpuinfo, 'model')),
        num(sub(s?.cpuinfo, 'cpus')) ?? num(r?.maxcpu),
        num(sub(s?.cpuinfo, 'sockets')),
        gib(sub(s?.memory, 'total') ?? r?.maxmem),
        gib(r?.mem),
        gib(r?.maxdisk),
        days(s?.uptime ?? r?.uptime),
        text(field(n.subscription, 'status')),
        text(field(n.subscription, 'level')),
        text(field(n.subscription, 'nextduedate')),
        expiry === undefined ? null : epoch(expiry),
        [n.dns?.dns1, n.dns?.dns2, n.dns?.dns3].filter((d) => typeof d === 'string').join(', ') || null,
        text(field(n.time, 'timezone')),
        addresses.join(', ') || null,
      ])
    }
  }
  return {
    name: 'Nodes',
    columns: columns(
      'Cluster',
      'Node',
      'Site',
      'Status',
      'PVE version',
      'Kernel',
      'CPU model',
      ['CPUs', 'integer'],
      ['Sockets', 'integer'],
      ['Memory (GiB)', 'gib'],
      ['Memory used (GiB)', 'gib'],
      ['Root disk (GiB)', 'gib'],
      ['Uptime (days)', 'decimal'],
      'Subscription',
      'Subscription level',
      'Subscription due',
      ['First certificate expiry (UTC)', 'date'],
      'DNS servers',
      'Time zone',
      'Addresses',
    ),
    rows,
  }
}

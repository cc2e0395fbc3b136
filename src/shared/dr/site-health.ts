import {
  CERTIFICATE_DAYS,
  type DrGuestRow,
  type SiteCertificate,
  type SiteCluster,
  type SiteHealth,
  type SiteNode,
  type SiteStorage,
  STORAGE_CRITICAL,
  STORAGE_WARNING,
} from '../model/dr'
import type { InventoryCluster } from '../model/inventory-snapshot'
import type { ClusterIndex } from './cluster-index'
import { bool, cut, num, obj, objects, str } from './pve-fields'

type Problem = SiteHealth['problems'][number]

interface SiteParts {
  clusters: SiteCluster[]
  nodes: SiteNode[]
  storage: SiteStorage[]
  certificates: SiteCertificate[]
  problems: Problem[]
}

const MAX_TEXT = 200
const DAY = 86_400

/** `pve-manager/9.1.4/abcdef` (or a bare `9.1.4`) → `9.1.4`. */
export function shortVersion(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const match = /(?:pve-manager\/)?(\d+(?:\.\d+)*(?:-\d+)?)/.exec(text)
  return match?.[1]
}

/** The HA manager's state from `/cluster/ha/status/current`'s master entry: `pve1 (active, Tue Dec  1 …)`. */
function haManager(cluster: InventoryCluster): SiteCluster['haManager'] {
  const master = objects(cluster.ha.status).find((e) => e.type === 'master')
  const managerStatus = cluster.ha.managerStatus
  // `{manager_status: {master_node, …}, quorum, lrm_status}` (pve-ha-manager API2/HA/Status.pm `manager_status`).
  const masterNode =
    str(obj(managerStatus?.manager_status)?.master_node) ??
    str(managerStatus?.master_node) ??
    str(master?.node)
  if (master === undefined && masterNode === undefined) return undefined
  const status = str(master?.status) ?? ''
  const state = /\(([a-z_-]+)/i.exec(status)?.[1] ?? (status !== '' ? cut(status, MAX_TEXT) : 'unknown')
  return { master: masterNode !== undefined ? cut(masterNode, MAX_TEXT) : undefined, state }
}

function siteCluster(cluster: InventoryCluster, lastContact: number | undefined): SiteCluster {
  const status = objects(cluster.status)
  const entry = status.find((e) => e.type === 'cluster')
  const members = status.filter((e) => e.type === 'node')
  const online = members.filter((e) => bool(e.online) === true)
  // /cluster/status gives no votes on most versions: then each online member counts one (corosync's default).
  const votes = online.reduce((sum, e) => sum + (num(e.votes) ?? 1), 0)
  const reach: SiteCluster['reach'] =
    cluster.reach === 'unreachable' ? 'unreachable' : cluster.lastKnown !== undefined ? 'stale' : 'live'
  return {
    clusterId: cluster.id,
    name: cluster.name,
    quorate: entry !== undefined ? bool(entry.quorate) : undefined,
    votes: entry !== undefined ? votes : undefined,
    expectedVotes: entry !== undefined ? num(entry.nodes) : undefined,
    haManager: haManager(cluster),
    reach,
    lastContact,
  }
}

function addNodes(
  cluster: InventoryCluster,
  index: ClusterIndex,
  now: number,
  parts: (site: string) => SiteParts,
): void {
  const statusOnline = new Map<string, boolean>()
  for (const e of objects(cluster.status)) {
    const name = str(e.name)
    if (e.type === 'node' && name !== undefined) statusOnline.set(name, bool(e.online) === true)
  }
  const seen = new Set<string>()
  for (const node of cluster.nodes) {
    if (seen.has(node.node)) continue
    seen.add(node.node)
    const site = parts(index.siteOf(node.node))
    const version =
      shortVersion(str(node.version?.version)) ?? shortVersion(str(node.nodeStatus?.pveversion)) ?? undefined
    const subscription = str(node.subscription?.status)
    site.nodes.push({
      clusterId: cluster.id,
      node: cut(node.node, MAX_TEXT),
      online: statusOnline.get(node.node) ?? node.status === 'online',
      version: version !== undefined ? cut(version, 40) : undefined,
      subscription: subscription !== undefined ? cut(subscription, 40) : undefined,
    })
    for (const cert of objects(node.certificates)) {
      const notAfter = num(cert.notafter)
      if (notAfter === undefined) continue
      const daysLeft = Math.floor((notAfter - now) / DAY)
      if (daysLeft >= CERTIFICATE_DAYS) continue
      site.certificates.push({
        clusterId: cluster.id,
        node: node.node,
        filename: cut(str(cert.filename) ?? '', MAX_TEXT),
        notAfter,
        daysLeft,
      })
    }
  }
}

function addStorage(
  cluster: InventoryCluster,
  index: ClusterIndex,
  parts: (site: string) => SiteParts,
): void {
  const sharedSeen = new Set<string>()
  for (const res of objects(cluster.resources)) {
    if (res.type !== 'storage') continue
    const storage = str(res.storage)
    const node = str(res.node) ?? ''
    const total = num(res.maxdisk) ?? 0
    const used = num(res.disk) ?? 0
    if (storage === undefined) continue
    const shared = bool(res.shared) === true || index.storage(storage).shared
    if (shared) {
      if (sharedSeen.has(storage)) continue
      sharedSeen.add(storage)
    }
    const siteName = index.storageSite(storage, node) ?? index.siteOf(node)
    const site = parts(siteName)
    const fraction = total > 0 ? used / total : 0
    const level = fraction >= STORAGE_CRITICAL ? 'critical' : fraction >= STORAGE_WARNING ? 'warning' : 'ok'
    site.storage.push({
      clusterId: cluster.id,
      storage: cut(storage, MAX_TEXT),
      node,
      shared,
      used,
      total,
      level,
    })
  }
}

function problemsOf(parts: SiteParts): Problem[] {
  const problems: Problem[] = []
  const p = (code: string, level: Problem['level'], params: Problem['params']): void => {
    problems.push({ code, level, params })
  }
  for (const c of parts.clusters) {
    if (c.reach === 'unreachable') p('no-contact', 'red', { cluster: c.clusterId })
    else if (c.quorate === false) p('quorum-lost', 'red', { cluster: c.clusterId })
  }
  for (const n of parts.nodes) if (!n.online) p('node-down', 'red', { cluster: n.clusterId, node: n.node })
  for (const s of parts.storage) {
    if (s.level === 'ok') continue
    p(
      s.level === 'critical' ? 'storage-critical' : 'storage-warning',
      s.level === 'critical' ? 'red' : 'amber',
      {
        cluster: s.clusterId,
        storage: s.storage,
        node: s.node,
        usedPercent: Math.round((s.used / s.total) * 1000) / 10,
      },
    )
  }
  for (const c of parts.certificates) {
    p('certificate-expiring', 'amber', {
      cluster: c.clusterId,
      node: c.node,
      filename: c.filename,
      daysLeft: c.daysLeft,
    })
  }
  for (const n of parts.nodes) {
    if (n.subscription !== undefined && n.subscription.toLowerCase() !== 'active') {
      p('subscription-inactive', 'amber', { cluster: n.clusterId, node: n.node, status: n.subscription })
    }
  }
  const versions = [...new Set(parts.nodes.flatMap((n) => n.version ?? []))].sort()
  if (versions.length > 1) p('mixed-versions', 'amber', { versions: versions.join(', ') })
  return problems
}

/** Each site's health: the clusters, nodes, storages and certificates on it, and what is wrong there. */
export function siteHealth(
  clusters: readonly { cluster: InventoryCluster; index: ClusterIndex; lastContact: number | undefined }[],
  rows: readonly DrGuestRow[],
  now: number,
): SiteHealth[] {
  const parts = new Map<string, SiteParts>()
  const siteParts = (site: string): SiteParts => {
    let p = parts.get(site)
    if (p === undefined) {
      p = { clusters: [], nodes: [], storage: [], certificates: [], problems: [] }
      parts.set(site, p)
    }
    return p
  }
  for (const { cluster, index, lastContact } of clusters) {
    const labels = new Set<string>()
    for (const node of cluster.nodes) {
      labels.add(index.siteOf(node.node))
    }
    for (const e of objects(cluster.resources)) {
      const node = str(e.node)
      if (node !== undefined && (e.type === 'node' || e.type === 'qemu' || e.type === 'lxc'))
        labels.add(index.siteOf(node))
    }
    if (labels.size === 0) labels.add(cluster.defaultSite)
    const entry = siteCluster(cluster, lastContact)
    for (const label of labels) siteParts(label).clusters.push(entry)
    addNodes(cluster, index, now, siteParts)
    addStorage(cluster, index, siteParts)
  }
  return [...parts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([site, p]) => {
      const problems = problemsOf(p)
      const guests = rows.filter((r) => r.site === site)
      const contacts = p.clusters.flatMap((c) => c.lastContact ?? [])
      return {
        site,
        level: problems.some((x) => x.level === 'red') ? 'red' : problems.length > 0 ? 'amber' : 'green',
        problems,
        clusters: p.clusters,
        nodes: p.nodes,
        storage: p.storage,
        certificates: p.certificates,
        guests: {
          total: guests.length,
          red: guests.filter((r) => r.level === 'red').length,
          amber: guests.filter((r) => r.level === 'amber').length,
        },
        lastContact: contacts.length > 0 ? Math.max(...contacts) : undefined,
        stale: p.clusters.some((c) => c.reach !== 'live'),
      } satisfies SiteHealth
    })
}

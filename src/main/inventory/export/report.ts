import type { Cell, Column, ExportSource } from './cells'
import { issuesSheet } from './sheets-access'
import type { ReportDr } from './report-dr'
import { reportDr } from './report-dr'
import { columns, gib, num, text, yesNo } from './cells'
import type { ClusterFacts } from './fleet-facts'
import { clusterFacts, guestsOf } from './fleet-facts'
import type { Totals } from './sheets'
import { totalsOf } from './sheets'

/**
 * The printed report, as data: a cover (sites, totals, who took it, signer and digest), one section per site
 * (its clusters, nodes and guests), and the Issues. The HTML page and the PDF lay out this same content.
 */
export interface ReportTable {
  columns: Column[]
  rows: Cell[][]
}

export interface ReportSite {
  site: string
  clusters: ReportTable
  nodes: ReportTable
  guests: ReportTable
}

export interface Report {
  title: string
  takenAt: Date
  takenBy: string
  app: string
  trigger: string
  signer: { fingerprint: string; publicKey: string }
  sha256: string
  totals: Totals
  /** Clusters and their reach, for the cover (an unreachable one is said there, not only in its site). */
  clusters: ReportTable
  sites: ReportSite[]
  /** The disaster-recovery section; absent for a snapshot without a DR report. */
  dr?: ReportDr
  issues: ReportTable
}

export function buildReport(source: ExportSource): Report {
  const issues = issuesSheet(source.snapshot)
  const { snapshot } = source
  const facts = [...snapshot.clusters].sort((a, b) => (a.id < b.id ? -1 : 1)).map(clusterFacts)
  const dr = reportDr(snapshot)
  const siteNames = new Set<string>()
  for (const f of facts) {
    for (const n of f.cluster.nodes) siteNames.add(n.site)
    for (const g of guestsOf(f)) siteNames.add(f.siteOf(g.node))
  }
  return {
    title: 'PVE Desk inventory snapshot',
    takenAt: new Date(snapshot.meta.takenAt),
    takenBy: `${snapshot.meta.takenBy.user}@${snapshot.meta.takenBy.host}`,
    app: `${snapshot.meta.app.name} ${snapshot.meta.app.version}`,
    trigger: snapshot.meta.trigger,
    signer: source.signer,
    sha256: source.sha256,
    totals: totalsOf(source, facts),
    clusters: clusterTable(facts, () => true),
    sites: [...siteNames].sort().map((site) => siteSection(facts, site)),
    ...(dr === undefined ? {} : { dr }),
    issues: { columns: issues.columns, rows: issues.rows },
  }
}

function clusterTable(
  facts: ClusterFacts[],
  inSite: (f: ClusterFacts, node: string) => boolean,
): ReportTable {
  return {
    columns: columns(
      'Cluster',
      'Name',
      'Reach',
      'Last known at (UTC)',
      'PVE version',
      ['Nodes', 'integer'],
      ['Guests', 'integer'],
    ),
    rows: facts
      .filter(
        (f) => f.cluster.nodes.some((n) => inSite(f, n.node)) || guestsOf(f).some((g) => inSite(f, g.node)),
      )
      .map((f) => [
        f.cluster.id,
        f.cluster.name,
        f.cluster.reach,
        f.cluster.lastKnown === undefined ? null : new Date(f.cluster.lastKnown.at),
        text(f.cluster.version?.version),
        f.cluster.nodes.filter((n) => inSite(f, n.node)).length,
        guestsOf(f).filter((g) => inSite(f, g.node)).length,
      ]),
  }
}

function siteSection(facts: ClusterFacts[], site: string): ReportSite {
  const inSite = (f: ClusterFacts, node: string): boolean => f.siteOf(node) === site
  const nodes: Cell[][] = []
  const guests: Cell[][] = []
  for (const f of facts) {
    const resources = new Map(
      (f.cluster.resources ?? []).filter((r) => r.type === 'node').map((r) => [r.node, r]),
    )
    for (const n of f.cluster.nodes) {
      if (n.site !== site) continue
      const r = resources.get(n.node)
      nodes.push([
        f.cluster.id,
        n.node,
        n.status,
        text(n.version?.version),
        num(r?.maxcpu),
        gib(r?.maxmem),
        text(n.subscription?.status),
      ])
    }
    for (const g of guestsOf(f)) {
      if (!inSite(f, g.node)) continue
      const r = f.resource(g.vmid)
      const uncovered = f.notBackedUp(g.vmid)
      guests.push([
        f.cluster.id,
        g.vmid,
        g.name,
        g.type === 'qemu' ? 'VM' : 'CT',
        g.node,
        text(r?.status),
        num(r?.maxcpu),
        gib(r?.maxmem),
        gib(r?.maxdisk),
        text(r?.pool),
        uncovered === undefined ? null : uncovered ? 'no' : 'yes',
        yesNo(r?.template, false) === 'yes' ? 'template' : null,
      ])
    }
  }
  return {
    site,
    clusters: clusterTable(facts, inSite),
    nodes: {
      columns: columns(
        'Cluster',
        'Node',
        'Status',
        'PVE version',
        ['CPUs', 'integer'],
        ['Memory (GiB)', 'gib'],
        'Subscription',
      ),
      rows: nodes,
    },
    guests: {
      columns: columns(
        'Cluster',
        ['VMID', 'integer'],
        'Name',
        'Type',
        'Node',
        'Status',
        ['vCPUs', 'integer'],
        ['Memory (GiB)', 'gib'],
        ['Disk (GiB)', 'gib'],
        'Pool',
        'Backed up',
        'Note',
      ),
      rows: guests,
    },
  }
}

import type { DrAlert, SiteHealth } from '../../../../../shared/model/dr'

/** A healthy site with one cluster of two nodes; tests change what they need. */
export function siteFixture(over: Partial<SiteHealth> = {}): SiteHealth {
  return {
    site: 'Km4',
    level: 'green',
    problems: [],
    clusters: [
      {
        clusterId: 'ace-prod',
        name: 'ACE Prod',
        quorate: true,
        votes: 3,
        expectedVotes: 3,
        haManager: { master: 'km4-pve1', state: 'active' },
        reach: 'live',
        lastContact: 1_000_000,
      },
    ],
    nodes: [
      { clusterId: 'ace-prod', node: 'km4-pve1', online: true, version: '9.1.4', subscription: 'active' },
      { clusterId: 'ace-prod', node: 'km4-pve2', online: true, version: '9.1.4', subscription: 'active' },
    ],
    storage: [
      {
        clusterId: 'ace-prod',
        storage: 'local-zfs',
        node: 'km4-pve1',
        shared: false,
        used: 100 * 2 ** 30,
        total: 1000 * 2 ** 30,
        level: 'ok',
      },
    ],
    certificates: [],
    guests: { total: 12, red: 0, amber: 1 },
    lastContact: 1_000_000,
    stale: false,
    ...over,
  }
}

export function alertFixture(over: Partial<DrAlert> = {}): DrAlert {
  const base = {
    at: 1_000_000,
    kind: 'replication-failed' as const,
    phase: 'raised' as const,
    clusterId: 'ace-prod',
    site: 'VITIB',
    subject: 'vm 101 (naorlo-web01)',
    vmid: 101,
    params: { job: '101-0', error: 'zfs error: cannot send' },
    ...over,
  }
  return { id: over.id ?? `${base.kind}:${base.clusterId}:${base.subject}:${base.at}`, ...base }
}

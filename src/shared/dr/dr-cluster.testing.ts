import type { InventoryCluster, PveObject } from '../model/inventory-snapshot'

/** A small two-site cluster as the DR reader gives it: pve1 in Abidjan, pve2 in Yamoussoukro. */
export const NOW = 1_800_000_000

export function drCluster(overrides: Partial<InventoryCluster> = {}): InventoryCluster {
  return {
    id: 'c1',
    name: 'Prod',
    sites: { pve1: 'Abidjan', pve2: 'Yamoussoukro' },
    defaultSite: 'Abidjan',
    reach: 'captured',
    status: [
      { type: 'cluster', name: 'prod', quorate: 1, nodes: 2 },
      { type: 'node', name: 'pve1', online: 1 },
      { type: 'node', name: 'pve2', online: 1 },
    ],
    resources: [],
    nodes: [
      { node: 'pve1', site: 'Abidjan', status: 'online', version: { version: '9.1.4' } },
      { node: 'pve2', site: 'Yamoussoukro', status: 'online', version: { version: '9.1.4' } },
    ],
    guests: [],
    storage: {
      definitions: [
        { storage: 'local', type: 'dir' },
        { storage: 'pbs-yakro', type: 'pbs' },
      ],
    },
    backups: { archives: [], jobs: [], notBackedUp: [] },
    replication: { jobs: [], state: [] },
    ha: {},
    firewall: {},
    access: {},
    tasks: [],
    ...overrides,
  }
}

export function vm(vmid: number, extra: PveObject = {}): PveObject {
  return {
    type: 'qemu',
    id: `qemu/${vmid}`,
    vmid,
    name: `vm${vmid}`,
    node: 'pve1',
    status: 'running',
    ...extra,
  }
}

export function backup(vmid: number, ageSeconds: number, extra: PveObject = {}): PveObject {
  return {
    volid: `pbs-yakro:backup/vm/${vmid}/${NOW - ageSeconds}`,
    content: 'backup',
    vmid,
    ctime: NOW - ageSeconds,
    size: 1000,
    verification: { state: 'ok' },
    ...extra,
  }
}

/** A replication job of the guest to pve2 that last synced `lagSeconds` ago (undefined: never). */
export function replication(
  vmid: number,
  lagSeconds: number | undefined,
  state: PveObject = {},
): Pick<InventoryCluster, 'replication'> {
  const id = `${vmid}-0`
  return {
    replication: {
      jobs: [{ id, guest: vmid, target: 'pve2', type: 'local', jobnum: 0 }],
      state: [
        {
          node: 'pve1',
          entries: [
            {
              id,
              guest: vmid,
              target: 'pve2',
              last_sync: lagSeconds === undefined ? 0 : NOW - lagSeconds,
              fail_count: 0,
              ...state,
            },
          ],
        },
      ],
    },
  }
}

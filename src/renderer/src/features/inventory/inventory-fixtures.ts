// Test-only: an opened inventory snapshot as main answers `inventory:open`, for the renderer's unit tests.
import type { OpenedInventory } from '../../../../shared/ipc/domains/inventory'
import type { FleetItem } from '../../../../shared/model/fleet'
import type { ShownInventory } from '../../stores/inventory-store'
import { shownInventory } from '../../stores/inventory-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'

export const SHA256 = 'ab12cd34ef56'.padEnd(64, '0')
export const FINGERPRINT = 'SHA256:Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg'

/**
 * Cluster `c1` (ACE, captured: node n1 with guest 100 "web-snap") and cluster `c2` (VITIB, unreachable at capture,
 * last-known data of 30 November), taken on 1 December 2026 at 12:00 UTC by noc@km4-admin; `patch` wins.
 */
/** What main answers, and (its `clusterNames`) what the store keeps of it: either, for a test. */
export function openedFixture(
  patch: Partial<OpenedInventory> = {},
  items?: FleetItem[],
): OpenedInventory & ShownInventory {
  const c1 = clusterStateFixture(
    'c1',
    items ?? [nodeFixture('c1', 'n1', 'Km4'), guestFixture({ name: 'web-snap', status: 'stopped' })],
    { summary: { name: 'ACE', readOnly: true } },
  )
  const c2 = clusterStateFixture('c2', [nodeFixture('c2', 'v1', 'VITIB')], { summary: { name: 'VITIB' } })
  const opened: OpenedInventory = {
    snapshotId: 's1',
    file: {
      fileId: 'f1',
      name: 'pvedesk-inventory-20261201-120000Z.zip',
      source: 'folder',
      bytes: 1000,
      modifiedAt: Date.UTC(2026, 11, 1, 12),
    },
    manifest: {
      format: 'pvedesk-inventory',
      schemaVersion: 1,
      takenAt: '2026-12-01T12:00:00.000Z',
      takenBy: { user: 'noc', host: 'km4-admin' },
      app: { name: 'PVE Desk', version: '0.9.1' },
      content: { member: 'inventory.json', sha256: SHA256, bytes: 900 },
      signature: {
        member: 'inventory.json.sig',
        namespace: 'pvedesk-inventory',
        signer: { publicKey: 'ssh-ed25519 AAAA pvedesk-inventory@km4-admin', fingerprint: FINGERPRINT },
      },
      summary: { clusters: 2, nodes: 2, guests: 1, issues: 2 },
    },
    verification: {
      signer: { publicKey: 'ssh-ed25519 AAAA pvedesk-inventory@km4-admin', fingerprint: FINGERPRINT },
      thisInstallation: true,
    },
    fleet: { clusters: [c1, c2] },
    clusters: [
      { clusterId: 'c1', reach: 'captured' },
      { clusterId: 'c2', reach: 'unreachable', lastKnownAt: '2026-11-30T08:15:00.000Z' },
    ],
    issues: [
      { clusterId: 'c2', path: '/cluster/resources', code: 'unreachable', message: 'no endpoint answered' },
      {
        clusterId: 'c1',
        node: 'n1',
        path: '/nodes/n1/subscription',
        code: 'forbidden',
        message: 'Permission check failed (/nodes/n1, Sys.Audit)',
      },
    ],
    consoleSessions: 0,
    ...patch,
  }
  return { ...opened, clusterNames: shownInventory(opened).clusterNames }
}

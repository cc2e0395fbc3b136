import {
  INVENTORY_FORMAT,
  INVENTORY_MEMBERS,
  INVENTORY_SCHEMA_VERSION,
  INVENTORY_SIGNATURE_NAMESPACE,
  InventoryManifest,
  type InventorySigner,
  type InventorySnapshot,
} from '../../../shared/model/inventory-snapshot'
import { inventoryInvalid } from './inventory-invalid'
import { MAX_JSON_DEPTH, tooDeepAt } from './json-depth'

/** The manifest of `snapshot`, whose canonical bytes have `sha256` and `bytes`, signed by `signer`. */
export function manifestOf(
  snapshot: InventorySnapshot,
  content: { sha256: string; bytes: number },
  signer: InventorySigner,
): InventoryManifest {
  return {
    format: INVENTORY_FORMAT,
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    takenAt: snapshot.meta.takenAt,
    takenBy: { user: snapshot.meta.takenBy.user, host: snapshot.meta.takenBy.host },
    app: { name: snapshot.meta.app.name, version: snapshot.meta.app.version },
    content: { member: INVENTORY_MEMBERS.content, ...content },
    signature: {
      member: INVENTORY_MEMBERS.signature,
      namespace: INVENTORY_SIGNATURE_NAMESPACE,
      signer: { publicKey: signer.publicKey, fingerprint: signer.fingerprint },
    },
    summary: summaryOf(snapshot),
  }
}

/** The counts a listing shows before the file is opened (checked against the content when it is). */
export function summaryOf(snapshot: {
  clusters: readonly { nodes: readonly unknown[]; guests: readonly unknown[] }[]
  issues: readonly unknown[]
}): InventoryManifest['summary'] {
  let nodes = 0
  let guests = 0
  for (const cluster of snapshot.clusters) {
    nodes += cluster.nodes.length
    guests += cluster.guests.length
  }
  return { clusters: snapshot.clusters.length, nodes, guests, issues: snapshot.issues.length }
}

/**
 * Reads `manifest.json`: the format first (another program's archive is `not_inventory`), then the schema
 * version (a newer one is `newer_version`, before its fields are judged by our schema), then every field.
 */
export function parseManifest(bytes: Buffer): InventoryManifest {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw inventoryInvalid('not_inventory', 'manifest.json is not JSON', {
      member: INVENTORY_MEMBERS.manifest,
    })
  }
  const head = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  if (head.format !== INVENTORY_FORMAT)
    throw inventoryInvalid('not_inventory', `manifest.json is not of a ${INVENTORY_FORMAT} file`, {
      member: INVENTORY_MEMBERS.manifest,
    })
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > INVENTORY_SCHEMA_VERSION)
    throw inventoryInvalid(
      'newer_version',
      `schemaVersion ${head.schemaVersion}: written by a newer PVE Desk (this one reads ${INVENTORY_SCHEMA_VERSION})`,
      { schemaVersion: String(head.schemaVersion) },
    )
  const deep = tooDeepAt(value)
  if (deep !== undefined)
    throw inventoryInvalid('schema', `manifest.json nests deeper than ${MAX_JSON_DEPTH} at ${deep}`, {
      member: INVENTORY_MEMBERS.manifest,
    })
  const parsed = InventoryManifest.safeParse(value)
  if (!parsed.success)
    throw inventoryInvalid('schema', `manifest.json: ${firstIssue(parsed.error.issues)}`, {
      member: INVENTORY_MEMBERS.manifest,
    })
  return parsed.data
}

export function firstIssue(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0]
  if (issue === undefined) return 'does not read'
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
  return `${path === '' ? '' : `${path.slice(path.startsWith('.') ? 1 : 0)}: `}${issue.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`
}

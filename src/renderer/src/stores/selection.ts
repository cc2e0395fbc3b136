import type { GroupKey } from '../features/views/grouping'

/**
 * What the operator selected in the tree, typed by kind: the details pane reads its parts, it never parses an id.
 * A cluster is selected under a site, since a cluster that spans sites has one row per site.
 */
export type Selection =
  | { kind: 'site'; site: string }
  | { kind: 'cluster'; site: string; clusterId: string }
  | { kind: 'node'; clusterId: string; node: string }
  | { kind: 'guest'; clusterId: string; vmid: number }
  | { kind: 'storage'; clusterId: string; node: string; storage: string }
  /** A group row of a grouping other than by site (a tag, a pool, a kind, a folder) or the favourites. */
  | { kind: 'group'; group: GroupKey }

const part = encodeURIComponent

/**
 * The tree row id of a selection: unique, stable, and unambiguous whatever a site label or a name contains,
 * since every part is percent-encoded (no `:` or space is left inside a part). Used as React key and DOM id.
 */
export function selectionKey(s: Selection): string {
  switch (s.kind) {
    case 'site':
      return `site:${part(s.site)}`
    case 'cluster':
      return `cluster:${part(s.site)}:${part(s.clusterId)}`
    case 'node':
      return `node:${part(s.clusterId)}:${part(s.node)}`
    case 'guest':
      return `guest:${part(s.clusterId)}:${s.vmid}`
    case 'storage':
      return `storage:${part(s.clusterId)}:${part(s.node)}:${part(s.storage)}`
    case 'group':
      return `group:${part(s.group.id)}`
  }
}

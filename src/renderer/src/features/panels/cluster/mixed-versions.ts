import type { ClusterPanel } from '../../../../../shared/model/infra-panels'

/** Nodes per `pve-manager` version, newest version first: what "versions mêlées" lists. */
export interface VersionGroup {
  version: string
  nodes: string[]
}

const compareVersions = (a: string, b: string): number => b.localeCompare(a, 'en', { numeric: true })

/** The online nodes grouped by version; more than one group means the cluster runs mixed versions. */
export function versionGroups(nodes: ClusterPanel['nodes']): VersionGroup[] {
  const groups = new Map<string, string[]>()
  for (const node of nodes) {
    if (!node.online || node.version === undefined || node.version === '') continue
    const list = groups.get(node.version) ?? []
    list.push(node.name)
    groups.set(node.version, list)
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareVersions(a, b))
    .map(([version, names]) => ({
      version,
      nodes: names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    }))
}

/** What groups are made of: anything with a cluster and a site (plan entries, picked guests, results). */
export interface Placed {
  clusterId: string
  site: string
}

/** The items of one cluster at one site, in their given order. */
export interface PlacedGroup<T extends Placed> {
  site: string
  clusterId: string
  clusterName: string
  items: T[]
}

const collator = new Intl.Collator(undefined, { numeric: true })

/**
 * Items grouped by site, then cluster, as the tree orders them (sites and cluster names compared numerically),
 * so that a preview reads like the tree: "Km4 · ace-prod", "Vitib · ace-prod", "Yakro · yakro-pve1".
 */
export function groupBySite<T extends Placed>(
  items: readonly T[],
  clusterName: (clusterId: string) => string,
): PlacedGroup<T>[] {
  const groups = new Map<string, PlacedGroup<T>>()
  for (const item of items) {
    const id = JSON.stringify([item.site, item.clusterId])
    let group = groups.get(id)
    if (group === undefined) {
      group = {
        site: item.site,
        clusterId: item.clusterId,
        clusterName: clusterName(item.clusterId),
        items: [],
      }
      groups.set(id, group)
    }
    group.items.push(item)
  }
  return [...groups.values()].sort(
    (a, b) => collator.compare(a.site, b.site) || collator.compare(a.clusterName, b.clusterName),
  )
}

/** How many clusters and sites some items span. */
export function spread(items: readonly Placed[]): { clusters: number; sites: string[] } {
  const clusters = new Set(items.map((i) => i.clusterId))
  const sites = [...new Set(items.map((i) => i.site))].sort((a, b) => collator.compare(a, b))
  return { clusters: clusters.size, sites }
}

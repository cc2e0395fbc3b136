import type { GuestSnapshot } from '../../../../shared/model/guest-action'

export interface SnapshotNode {
  snapshot: GuestSnapshot
  children: SnapshotNode[]
}

/**
 * PVE's flat list (`GET …/snapshot`, each with its `parent`) as the tree its web UI draws, NOW (`current`) under
 * the guest snapshot it runs from. Children oldest first. A parent PVE does not list (a hostile or half-deleted
 * answer) makes its child a root; a cycle is broken where it closes, so the tree is always finite.
 */
export function snapshotTree(list: readonly GuestSnapshot[]): SnapshotNode[] {
  const nodes = new Map<string, SnapshotNode>()
  for (const snapshot of list)
    if (!nodes.has(snapshot.name)) nodes.set(snapshot.name, { snapshot, children: [] })
  const roots: SnapshotNode[] = []
  for (const node of nodes.values()) {
    const parent = node.snapshot.parent === undefined ? undefined : nodes.get(node.snapshot.parent)
    if (parent === undefined || parent === node || descends(parent, node, nodes)) roots.push(node)
    else parent.children.push(node)
  }
  const order = (a: SnapshotNode, b: SnapshotNode): number =>
    a.snapshot.current !== b.snapshot.current
      ? a.snapshot.current
        ? 1
        : -1
      : (a.snapshot.snaptime ?? 0) - (b.snapshot.snaptime ?? 0)
  const sort = (level: SnapshotNode[]): void => {
    level.sort(order)
    for (const n of level) sort(n.children)
  }
  sort(roots)
  return roots
}

/** Is `candidate`'s chain of parents going through `node`? (Then linking `node` under it closes a cycle.) */
function descends(candidate: SnapshotNode, node: SnapshotNode, nodes: Map<string, SnapshotNode>): boolean {
  const seen = new Set<string>()
  let at: SnapshotNode | undefined = candidate
  while (at !== undefined && !seen.has(at.snapshot.name)) {
    if (at === node) return true
    seen.add(at.snapshot.name)
    at = at.snapshot.parent === undefined ? undefined : nodes.get(at.snapshot.parent)
  }
  return false
}

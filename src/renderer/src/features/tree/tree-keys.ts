import type { TreeRows } from './tree-row'

export type TreeKeyAction =
  { type: 'focus'; index: number } | { type: 'expand'; id: string; expanded: boolean } | { type: 'none' }

/**
 * WAI-ARIA tree keyboard behaviour for a flattened tree: arrows move, Right opens or enters, Left closes or goes
 * to the parent, Home and End jump. Pure, so it is tested without a DOM.
 */
export function treeKeyAction(key: string, rows: TreeRows, index: number): TreeKeyAction {
  const row = rows.at(index)
  if (row === undefined) return rows.length > 0 ? { type: 'focus', index: 0 } : { type: 'none' }
  const last = rows.length - 1
  switch (key) {
    case 'ArrowDown':
      return { type: 'focus', index: Math.min(last, index + 1) }
    case 'ArrowUp':
      return { type: 'focus', index: Math.max(0, index - 1) }
    case 'Home':
      return { type: 'focus', index: 0 }
    case 'End':
      return { type: 'focus', index: last }
    case 'ArrowRight':
      if (!row.hasChildren) return { type: 'none' }
      return row.expanded
        ? { type: 'focus', index: Math.min(last, index + 1) }
        : { type: 'expand', id: row.id, expanded: true }
    case 'ArrowLeft': {
      if (row.hasChildren && row.expanded) return { type: 'expand', id: row.id, expanded: false }
      const parent = row.parentId === undefined ? -1 : rows.indexOfParent(row.parentId)
      return parent >= 0 ? { type: 'focus', index: parent } : { type: 'none' }
    }
    default:
      return { type: 'none' }
  }
}

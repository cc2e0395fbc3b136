import type { RowDensity } from '../../../../shared/model/workspace'
import { useWorkspaceStore } from '../../stores/workspace-store'

/**
 * Row height of the tree's (and other virtual lists') rows, per density. Also given to CSS as `--pd-row-height`
 * (applyDensity), so what a list measures and what it draws agree.
 */
export const ROW_HEIGHTS: Readonly<Record<RowDensity, number>> = { comfortable: 28, dense: 22 }

/** Sets `data-density` on <html> (styles.css turns it into paddings) and `--pd-row-height`. */
export function applyDensity(density: RowDensity, root: HTMLElement = document.documentElement): void {
  root.dataset.density = density
  root.style.setProperty('--pd-row-height', `${ROW_HEIGHTS[density]}px`)
}

/** The row height of the chosen density, for a virtual list's `estimateSize` (it re-renders on a change). */
export const useRowHeight = (): number => useWorkspaceStore((s) => ROW_HEIGHTS[s.preferences.density])

/** `fit` scales the screen into the view, `none` shows it 1:1 (scrolling), `remote` asks the guest to resize. */
export type Scaling = 'fit' | 'none' | 'remote'

const KEY = 'pvedesk.vnc.scaling'

export function loadScaling(): Scaling {
  try {
    const value = window.localStorage.getItem(KEY)
    return value === 'none' || value === 'remote' ? value : 'fit'
  } catch {
    return 'fit'
  }
}

export function saveScaling(scaling: Scaling): void {
  try {
    window.localStorage.setItem(KEY, scaling)
  } catch {
    // Kept for this window's life only.
  }
}

/** noVNC's three switches for one choice. */
export function applyScaling(
  rfb: { scaleViewport: boolean; clipViewport: boolean; resizeSession: boolean },
  scaling: Scaling,
): void {
  rfb.scaleViewport = scaling === 'fit'
  rfb.clipViewport = false
  rfb.resizeSession = scaling === 'remote'
}

const safePart = (part: string): string => part.replace(/[^\p{L}\p{N}._-]+/gu, '_')
const two = (n: number): string => String(n).padStart(2, '0')

/**
 * `<cluster>-<vmid>-<name>-2026-12-01T10-30-05.png` (a node: `<cluster>-<node>-…`): the screenshot's file name,
 * in local time as the operator reads the clock, safe on every file system.
 */
export function screenshotName(
  parts: { cluster: string | undefined; vmid?: number; name: string | undefined },
  at: Date,
): string {
  const stamp =
    `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}` +
    `T${two(at.getHours())}-${two(at.getMinutes())}-${two(at.getSeconds())}`
  const named = [parts.cluster, parts.vmid === undefined ? undefined : String(parts.vmid), parts.name]
    .filter((p): p is string => p !== undefined && p !== '')
    .map(safePart)
  return `${[...named, stamp].join('-')}.png`
}

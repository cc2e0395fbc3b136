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

/** `<guest>-2026-12-01T10-30-05.png`: the screenshot's file name, safe on every file system. */
export function screenshotName(subject: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-')
  const safe = subject.replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'screen'
  return `${safe}-${stamp}.png`
}

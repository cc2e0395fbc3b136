const KEY = 'pvedesk.terminal.fontSize'
export const FONT_SIZES = { min: 8, max: 32, default: 14 }

/** The terminal font size this user chose last (kept in the window's local storage), or the default. */
export function loadFontSize(): number {
  try {
    const value = Number(window.localStorage.getItem(KEY))
    return Number.isInteger(value) && value >= FONT_SIZES.min && value <= FONT_SIZES.max
      ? value
      : FONT_SIZES.default
  } catch {
    return FONT_SIZES.default
  }
}

export function saveFontSize(size: number): void {
  try {
    window.localStorage.setItem(KEY, String(size))
  } catch {
    // A window without storage keeps the size for its own life only.
  }
}

export const stepFontSize = (size: number, step: 1 | -1): number =>
  Math.max(FONT_SIZES.min, Math.min(FONT_SIZES.max, size + step))

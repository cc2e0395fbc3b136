/** Mantine palette names far enough apart to tell sites apart at a glance (no red: red means trouble here). */
const PALETTE = [
  'blue',
  'teal',
  'grape',
  'orange',
  'cyan',
  'pink',
  'lime',
  'indigo',
  'violet',
  'yellow',
] as const

/**
 * A site's colour: sites have no colour setting, so each gets one from its name, the same on every run and in
 * every window (FNV-1a of the label): the tree's site pin and the tabs of its consoles share it.
 */
export function siteColour(site: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < site.length; i++) {
    hash ^= site.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return `var(--mantine-color-${PALETTE[hash % PALETTE.length] ?? 'blue'}-6)`
}

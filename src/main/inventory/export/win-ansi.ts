/**
 * What PDF's standard fonts (Helvetica & co., WinAnsiEncoding) can print: Latin-1 and the Windows-1252 extras
 * (€ ‚ „ … † ‡ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ™ š › œ ž Ÿ), so every French letter (é è ê ë à â ç ô û ù ï î œ « »).
 * Anything else (CJK, emoji, ≤) becomes `?`: visibly replaced, never a crash nor a silent blank.
 */
const CP1252_EXTRAS = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e,
  0x0178,
])

export function winAnsi(text: string): string {
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    if (cp === 0x09 || cp === 0x0a || cp === 0x0d) out += ' '
    else if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || CP1252_EXTRAS.has(cp)) out += ch
    else out += '?'
  }
  return out
}

const MAX_CODE_POINTS = 4

/**
 * A value for the PDF: {@link winAnsi}, and when nothing identifiable survives the replacement (a name wholly in
 * Cyrillic, CJK or Arabic would print as `???-?`, like every other such name), the replaced characters' code
 * points beside it (`???-? [U+6570 U+636E U+5E93 U+4E3B]`): two such names print differently, and the original
 * can be found (the XLSX, CSV and HTML exports keep the text as it is).
 */
export function printable(text: string): string {
  const shown = winAnsi(text)
  if (/[\p{L}\p{N}]/u.test(shown)) return shown
  const replaced: string[] = []
  for (const ch of text) {
    if (winAnsi(ch) !== '?' || ch === '?') continue
    replaced.push(`U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
  }
  if (replaced.length === 0) return shown
  const more = replaced.length > MAX_CODE_POINTS ? ' …' : ''
  return `${shown} [${replaced.slice(0, MAX_CODE_POINTS).join(' ')}${more}]`
}

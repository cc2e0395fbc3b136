/**
 * X11 keysyms for typing text into a VM's screen, as a VNC client sends them. A character is its keysym
 * (Latin-1 is its code point, anything else `0x01000000 + code point`, X11's Unicode keysyms); what a US
 * keyboard types with Shift (capitals, `!@#…`, accented capitals) is sent inside Shift_L down/up, so that a
 * server that maps keysyms back to scancodes (QEMU) types the right character on a BIOS or login screen.
 */
export const KEYSYM = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
  Super_L: 0xffeb,
  F1: 0xffbe,
} as const

/** What a US keyboard types with Shift among the ASCII punctuation. */
const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?')

/** One key stroke: press and release `keysym`, with Shift held around it when `shift`. */
export interface Stroke {
  keysym: number
  shift: boolean
}

/** The keysym of one character (a code point), or undefined for a control character PVE Desk does not type. */
export function keysymOf(codePoint: number): number | undefined {
  if (codePoint === 0x0a || codePoint === 0x0d) return KEYSYM.Return
  if (codePoint === 0x09) return KEYSYM.Tab
  if (codePoint === 0x08) return KEYSYM.BackSpace
  if (codePoint === 0x1b) return KEYSYM.Escape
  if (codePoint < 0x20 || codePoint === 0x7f || (codePoint >= 0x80 && codePoint < 0xa0)) return undefined
  if (codePoint <= 0xff) return codePoint
  return 0x01000000 + codePoint
}

/** Does a US keyboard (and its Latin-1 extension) need Shift for this character? */
function needsShift(char: string): boolean {
  if (SHIFTED.has(char)) return true
  // A capital letter, accented or not: its lower case differs from it.
  return char !== char.toLowerCase() && char === char.toUpperCase()
}

/** The strokes that type `text`; a "\r\n" is one Return. Characters without a keysym are skipped. */
export function textToStrokes(text: string): Stroke[] {
  const strokes: Stroke[] = []
  const normalized = text.replace(/\r\n/g, '\n').normalize('NFC')
  for (const char of normalized) {
    const keysym = keysymOf(char.codePointAt(0) ?? 0)
    if (keysym !== undefined) strokes.push({ keysym, shift: keysym < 0xff00 && needsShift(char) })
  }
  return strokes
}

/** A key combination of the keys menu: keysyms pressed in order, released in reverse. */
export interface Combo {
  id: string
  keys: { keysym: number; code: string }[]
}

const CTRL = { keysym: KEYSYM.Control_L, code: 'ControlLeft' }
const ALT = { keysym: KEYSYM.Alt_L, code: 'AltLeft' }

/** Ctrl+Alt+Del, Ctrl+Alt+F1…F12 (a Linux guest's text consoles), Alt+Tab and the Windows key. */
export const COMBOS: readonly Combo[] = [
  { id: 'ctrlAltDel', keys: [CTRL, ALT, { keysym: KEYSYM.Delete, code: 'Delete' }] },
  ...Array.from({ length: 12 }, (_, i) => ({
    id: `ctrlAltF${i + 1}`,
    keys: [CTRL, ALT, { keysym: KEYSYM.F1 + i, code: `F${i + 1}` }],
  })),
  { id: 'altTab', keys: [ALT, { keysym: KEYSYM.Tab, code: 'Tab' }] },
  { id: 'super', keys: [{ keysym: KEYSYM.Super_L, code: 'MetaLeft' }] },
]

/** What a noVNC RFB offers to send keys. */
export interface KeySender {
  sendKey(keysym: number, code: string | null, down?: boolean): void
}

/** Presses a combination: each key down in order, then up in reverse. */
export function sendCombo(rfb: KeySender, combo: Combo): void {
  for (const key of combo.keys) rfb.sendKey(key.keysym, key.code, true)
  for (const key of [...combo.keys].reverse()) rfb.sendKey(key.keysym, key.code, false)
}

/** Types `text` as key strokes at once (no scancode: the keysym path, whatever the server's layout). */
export function typeText(rfb: KeySender, text: string): number {
  const strokes = textToStrokes(text)
  for (const stroke of strokes) sendStroke(rfb, stroke)
  return strokes.length
}

function sendStroke(rfb: KeySender, { keysym, shift }: Stroke): void {
  if (shift) rfb.sendKey(KEYSYM.Shift_L, 'ShiftLeft', true)
  rfb.sendKey(keysym, null, true)
  rfb.sendKey(keysym, null, false)
  if (shift) rfb.sendKey(KEYSYM.Shift_L, 'ShiftLeft', false)
}

/** The first X11 Unicode keysym: what lies beyond Latin-1. */
const UNICODE_KEYSYMS = 0x01000000

/**
 * What typing `text` into a PVE guest's screen does: the strokes QEMU can type, and how many characters it
 * cannot. QEMU maps keysyms back to scancodes through its keymap (en-us on PVE): nothing beyond Latin-1 (œ, €)
 * is on it, and a control character has no key.
 */
export function planTyping(text: string): { strokes: Stroke[]; untypable: number } {
  const normalized = text.replace(/\r\n/g, '\n').normalize('NFC')
  const strokes = textToStrokes(normalized).filter((s) => s.keysym < UNICODE_KEYSYMS)
  let characters = 0
  // Code points, as textToStrokes reads them (a "\r\n" is one already).
  for (const _char of normalized) characters += 1
  return { strokes, untypable: characters - strokes.length }
}

/** The pace of typed strokes: QEMU's PS/2 queue (16 events) drops what overflows it. */
export const STROKE_INTERVAL_MS = 15

/** A timer as typing needs it (tests inject a manual one). */
export interface StrokeTimer {
  set(callback: () => void, ms: number): unknown
  clear(handle: unknown): void
}

const WINDOW_TIMER: StrokeTimer = {
  set: (callback, ms) => window.setTimeout(callback, ms),
  clear: (handle) => window.clearTimeout(handle as number),
}

/**
 * Types `strokes` one every {@link STROKE_INTERVAL_MS}, saying the progress (strokes sent so far) after each;
 * returns the cancel, which the dialog calls when it goes (no stroke is sent after it).
 */
export function typeStrokes(
  rfb: KeySender,
  strokes: readonly Stroke[],
  onProgress: (sent: number) => void,
  timer: StrokeTimer = WINDOW_TIMER,
  intervalMs = STROKE_INTERVAL_MS,
): () => void {
  let sent = 0
  let handle: unknown
  let cancelled = false
  const next = (): void => {
    const stroke = strokes[sent]
    if (cancelled || stroke === undefined) return
    sendStroke(rfb, stroke)
    sent += 1
    onProgress(sent)
    if (sent < strokes.length) handle = timer.set(next, intervalMs)
  }
  next()
  return () => {
    cancelled = true
    if (handle !== undefined) timer.clear(handle)
  }
}

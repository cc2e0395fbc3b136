// The screen a simulated VM shows through VNC: its name in large letters, a status line, what was typed on the
// keyboard, a pointer cross where the mouse is, and a dot wherever a button was pressed. Drawn with a 5×7
// bitmap font into an RGB buffer, so that a client can check what it received.

export const WIDTH = 640
export const HEIGHT = 400

export const BACKGROUND = 0x10243e
export const TEXT = 0xf0f0f0
export const TYPED = 0x7fd4ff
export const POINTER = 0xffc000

// prettier-ignore
const GLYPHS: Readonly<Record<string, readonly number[]>> = {
  A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14],
  D: [28, 18, 17, 17, 17, 18, 28], E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17], I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16], Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4], U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 17, 10, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31],
  '0': [14, 17, 19, 21, 25, 17, 14], '1': [4, 12, 4, 4, 4, 4, 14], '2': [14, 17, 1, 2, 4, 8, 31],
  '3': [31, 2, 4, 2, 1, 17, 14], '4': [2, 6, 10, 18, 31, 2, 2], '5': [31, 16, 30, 1, 1, 17, 14],
  '6': [6, 8, 16, 30, 17, 17, 14], '7': [31, 1, 2, 4, 8, 8, 8], '8': [14, 17, 17, 14, 17, 17, 14],
  '9': [14, 17, 17, 15, 1, 2, 12],
  '-': [0, 0, 0, 31, 0, 0, 0], _: [0, 0, 0, 0, 0, 0, 31], '.': [0, 0, 0, 0, 0, 12, 12],
  ':': [0, 12, 12, 0, 12, 12, 0], '(': [2, 4, 8, 8, 8, 4, 2], ')': [8, 4, 2, 2, 2, 4, 8],
  '/': [0, 1, 2, 4, 8, 16, 0], '>': [8, 4, 2, 1, 2, 4, 8], '?': [14, 17, 1, 2, 4, 0, 4],
  ' ': [0, 0, 0, 0, 0, 0, 0],
}

export const glyphOf = (ch: string): readonly number[] => GLYPHS[ch.toUpperCase()] ?? GLYPHS['?'] ?? []

export interface ScreenState {
  title: string
  status: string
  typed: string
  pointer: { x: number; y: number }
  marks: { x: number; y: number }[]
}

/** Where the title starts and how big its letters are (tests look for it there). */
export const TITLE = { x: 32, y: 120, scale: 6 }
const STATUS = { x: 32, y: 200, scale: 2 }
/** Where typed text is echoed, after a `> ` prompt. */
export const TYPING = { x: 32, y: 260, scale: 3 }

export class Framebuffer {
  readonly pixels = new Uint32Array(WIDTH * HEIGHT)

  fill(color: number): void {
    this.pixels.fill(color)
  }

  rect(x: number, y: number, w: number, h: number, color: number): void {
    for (let row = Math.max(0, y); row < Math.min(HEIGHT, y + h); row++) {
      for (let col = Math.max(0, x); col < Math.min(WIDTH, x + w); col++)
        this.pixels[row * WIDTH + col] = color
    }
  }

  text(text: string, x: number, y: number, scale: number, color: number): void {
    let cx = x
    for (const ch of text) {
      glyphOf(ch).forEach((bits, row) => {
        for (let col = 0; col < 5; col++) {
          if ((bits & (1 << (4 - col))) !== 0)
            this.rect(cx + col * scale, y + row * scale, scale, scale, color)
        }
      })
      cx += 6 * scale
      if (cx > WIDTH - 6 * scale) break
    }
  }
}

export function render(state: ScreenState): Framebuffer {
  const fb = new Framebuffer()
  fb.fill(BACKGROUND)
  fb.text(state.title, TITLE.x, TITLE.y, TITLE.scale, TEXT)
  fb.text(state.status, STATUS.x, STATUS.y, STATUS.scale, TEXT)
  fb.text(`> ${state.typed.slice(-30)}`, TYPING.x, TYPING.y, TYPING.scale, TYPED)
  for (const mark of state.marks) fb.rect(mark.x - 2, mark.y - 2, 5, 5, POINTER)
  const { x, y } = state.pointer
  fb.rect(x - 6, y, 13, 1, POINTER)
  fb.rect(x, y - 6, 1, 13, POINTER)
  return fb
}

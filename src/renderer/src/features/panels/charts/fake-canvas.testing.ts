// Test-only: a 2D canvas for uPlot under happy-dom. No product module imports this file.
import { vi } from 'vitest'

/**
 * happy-dom has no 2D canvas: a context that accepts every drawing call (and counts strokes) stands in for the
 * browser's, so the real uPlot runs its drawing code; the pixels are e2e's business.
 */
export const strokes = { count: 0 }
function fakeContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = { canvas }
  return new Proxy(state, {
    get: (target, key) => {
      if (key in target) return target[key]
      if (key === 'measureText') return (text: string) => ({ width: text.length * 6 })
      if (key === 'stroke')
        return () => {
          strokes.count++
        }
      if (key === 'getLineDash') return () => []
      return () => undefined
    },
    set: (target, key, value) => {
      target[key] = value
      return true
    },
  }) as unknown as CanvasRenderingContext2D
}
class FakePath2D {
  moveTo(): void {}
  lineTo(): void {}
  rect(): void {}
  arc(): void {}
  closePath(): void {}
  bezierCurveTo(): void {}
  addPath(): void {}
}

/** Every canvas gets the stand-in context, and Path2D exists; call in beforeAll. */
export function fakeCanvas(): void {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return fakeContext(this)
  })
  if (typeof globalThis.Path2D === 'undefined') vi.stubGlobal('Path2D', FakePath2D)
}

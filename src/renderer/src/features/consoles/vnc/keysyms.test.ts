import { describe, expect, it } from 'vitest'

import { COMBOS, KEYSYM, planTyping, sendCombo, textToStrokes, typeStrokes, typeText } from './keysyms'

describe('type text as key strokes', () => {
  it('types lower case and digits as their keysyms, without Shift', () => {
    expect(textToStrokes('a1 ')).toEqual([
      { keysym: 0x61, shift: false },
      { keysym: 0x31, shift: false },
      { keysym: 0x20, shift: false },
    ])
  })

  it('holds Shift for capitals and the punctuation a US keyboard shifts', () => {
    expect(textToStrokes('P@ss!').map((s) => [String.fromCharCode(s.keysym), s.shift])).toEqual([
      ['P', true],
      ['@', true],
      ['s', false],
      ['s', false],
      ['!', true],
    ])
    expect(textToStrokes("-=[];',./\\`").every((s) => !s.shift)).toBe(true)
    expect(textToStrokes('_+{}|:"<>?~').every((s) => s.shift)).toBe(true)
  })

  it('types French accents as Latin-1 keysyms, capitals with Shift, and others as Unicode keysyms', () => {
    expect(textToStrokes('éàçÉ')).toEqual([
      { keysym: 0xe9, shift: false },
      { keysym: 0xe0, shift: false },
      { keysym: 0xe7, shift: false },
      { keysym: 0xc9, shift: true },
    ])
    // A decomposed é (e + combining acute) is typed as the one character.
    expect(textToStrokes('e\u0301')).toEqual([{ keysym: 0xe9, shift: false }])
    expect(textToStrokes('œ€')).toEqual([
      { keysym: 0x01000153, shift: false },
      { keysym: 0x010020ac, shift: false },
    ])
  })

  it('turns line ends and tabs into Return and Tab, and skips other control characters', () => {
    expect(textToStrokes('a\r\nb\tc\u0007').map((s) => s.keysym)).toEqual([
      0x61,
      KEYSYM.Return,
      0x62,
      KEYSYM.Tab,
      0x63,
    ])
  })

  it('sends each stroke as press and release, inside Shift when needed, on the keysym path', () => {
    const sent: [number, string | null, boolean | undefined][] = []
    const count = typeText({ sendKey: (k, c, d) => sent.push([k, c, d]) }, 'aB')
    expect(count).toBe(2)
    expect(sent).toEqual([
      [0x61, null, true],
      [0x61, null, false],
      [KEYSYM.Shift_L, 'ShiftLeft', true],
      [0x42, null, true],
      [0x42, null, false],
      [KEYSYM.Shift_L, 'ShiftLeft', false],
    ])
  })

  it('presses a combination in order and releases it in reverse', () => {
    const sent: [number, boolean | undefined][] = []
    const f2 = COMBOS.find((c) => c.id === 'ctrlAltF2')
    if (f2 === undefined) throw new Error('no Ctrl+Alt+F2')
    sendCombo({ sendKey: (k, _c, d) => sent.push([k, d]) }, f2)
    expect(sent).toEqual([
      [KEYSYM.Control_L, true],
      [KEYSYM.Alt_L, true],
      [0xffbf, true],
      [0xffbf, false],
      [KEYSYM.Alt_L, false],
      [KEYSYM.Control_L, false],
    ])
    expect(COMBOS.map((c) => c.id)).toEqual(
      expect.arrayContaining(['ctrlAltDel', 'ctrlAltF1', 'ctrlAltF12', 'altTab', 'super']),
    )
  })
})

describe('typing paced for QEMU', () => {
  const manualTimer = (): ManualTimer => {
    const pending = new Map<number, () => void>()
    let id = 0
    return {
      pending,
      timer: {
        set: (callback: () => void) => {
          id += 1
          pending.set(id, callback)
          return id
        },
        clear: (handle: unknown) => pending.delete(handle as number),
      },
      tick: () => {
        const [first] = [...pending.entries()]
        if (first === undefined) return false
        pending.delete(first[0])
        first[1]()
        return true
      },
    }
  }

  it('sends one stroke per tick instead of one burst that overflows the PS/2 queue', () => {
    const clock = manualTimer()
    const downs: number[] = []
    const progress: number[] = []
    typeStrokes(
      { sendKey: (k, _c, d) => (d === true ? downs.push(k) : undefined) },
      planTyping('abc').strokes,
      (n) => progress.push(n),
      clock.timer,
    )
    expect(downs).toEqual([0x61])
    expect(clock.tick?.()).toBe(true)
    expect(downs).toEqual([0x61, 0x62])
    expect(clock.tick?.()).toBe(true)
    expect(clock.tick?.()).toBe(false)
    expect(downs).toEqual([0x61, 0x62, 0x63])
    expect(progress).toEqual([1, 2, 3])
  })

  it('sends nothing more once cancelled (the dialog or view went)', () => {
    const clock = manualTimer()
    const downs: number[] = []
    const cancel = typeStrokes(
      { sendKey: (k, _c, d) => (d === true ? downs.push(k) : undefined) },
      planTyping('abcdef').strokes,
      () => undefined,
      clock.timer,
    )
    clock.tick?.()
    cancel()
    expect(clock.pending.size).toBe(0)
    expect(downs).toEqual([0x61, 0x62])
  })

  it('counts what the en-us keymap cannot type (œ, €, control characters) instead of dropping it silently', () => {
    const plan = planTyping('cœur à 5€\u0007\r\n')
    expect(plan.untypable).toBe(3)
    expect(plan.strokes.map((s) => s.keysym)).toEqual([
      0x63,
      0x75,
      0x72,
      0x20,
      0xe0,
      0x20,
      0x35,
      KEYSYM.Return,
    ])
  })
})

interface ManualTimer {
  pending: Map<number, () => void>
  timer: { set: (callback: () => void) => number; clear: (handle: unknown) => boolean }
  fire?: () => void
  tick?: () => boolean
}

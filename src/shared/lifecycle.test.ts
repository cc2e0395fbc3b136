import { afterEach, describe, expect, it } from 'vitest'

import type { IDisposable } from './lifecycle'
import {
  Disposable,
  DisposableStore,
  Emitter,
  MutableDisposable,
  setUnexpectedErrorHandler,
  toDisposable,
} from './lifecycle'

const cleanup = new DisposableStore()
afterEach(() => {
  cleanup.clear()
})

function probe(log: string[], name: string): IDisposable {
  return toDisposable(() => log.push(name))
}

describe('DisposableStore', () => {
  it('disposes what it holds once, last added first', () => {
    const log: string[] = []
    const store = new DisposableStore()
    store.add(probe(log, 'a'))
    store.add(probe(log, 'b'))
    store.dispose()
    store.dispose()
    expect(log).toEqual(['b', 'a'])
  })

  it('disposes at once what is added after it is gone', () => {
    const log: string[] = []
    const store = new DisposableStore()
    store.dispose()
    store.add(probe(log, 'late'))
    expect(log).toEqual(['late'])
  })

  it('disposes everything even when one throws, then reports every error', () => {
    const log: string[] = []
    const store = new DisposableStore()
    store.add(probe(log, 'a'))
    store.add(
      toDisposable(() => {
        throw new Error('b failed')
      }),
    )
    store.add(probe(log, 'c'))
    expect(() => store.dispose()).toThrow(AggregateError)
    expect(log).toEqual(['c', 'a'])
  })

  it('can be emptied and used again', () => {
    const log: string[] = []
    const store = new DisposableStore()
    store.add(probe(log, 'a'))
    store.clear()
    store.add(probe(log, 'b'))
    expect(log).toEqual(['a'])
    expect(store.isDisposed).toBe(false)
    store.dispose()
    expect(log).toEqual(['a', 'b'])
  })
})

describe('Disposable (_register)', () => {
  class Owner extends Disposable {
    constructor(readonly log: string[]) {
      super()
      this._register(probe(log, 'timer'))
      this._register(probe(log, 'socket'))
    }
    adopt(d: IDisposable): IDisposable {
      return this._register(d)
    }
    selfRegister(): void {
      this._register(this)
    }
  }

  it('releases everything it registered when disposed, and nothing before', () => {
    const owner = new Owner([])
    expect(owner.log).toEqual([])
    owner.dispose()
    owner.dispose()
    expect(owner.log).toEqual(['socket', 'timer'])
  })

  it('disposes at once what is registered after dispose, and refuses to own itself', () => {
    const owner = new Owner([])
    expect(() => owner.selfRegister()).toThrow(/itself/)
    owner.dispose()
    owner.adopt(probe(owner.log, 'late'))
    expect(owner.log).toEqual(['socket', 'timer', 'late'])
  })
})

describe('MutableDisposable', () => {
  it('disposes the previous value when replaced, and the last one with itself', () => {
    const log: string[] = []
    const slot = new MutableDisposable()
    slot.value = probe(log, 'first')
    slot.value = probe(log, 'second')
    expect(log).toEqual(['first'])
    slot.dispose()
    slot.value = probe(log, 'after')
    expect(log).toEqual(['first', 'second', 'after'])
    expect(slot.value).toBeUndefined()
  })
})

describe('Emitter', () => {
  it('keeps each subscription of the same function apart: disposing one leaves the other', () => {
    const emitter = new Emitter<number>()
    const seen: number[] = []
    const listener = (value: number): void => {
      seen.push(value)
    }
    const first = emitter.event(listener)
    emitter.event(listener)
    expect(emitter.listenerCount).toBe(2)
    emitter.fire(1)
    expect(seen).toEqual([1, 1])
    first.dispose()
    first.dispose()
    expect(emitter.listenerCount).toBe(1)
    emitter.fire(2)
    expect(seen).toEqual([1, 1, 2])
  })

  it('calls every other listener when one throws, and reports the error instead of swallowing it', () => {
    const reported: unknown[] = []
    cleanup.add(setUnexpectedErrorHandler((e) => reported.push(e)))
    const emitter = new Emitter<number>()
    const seen: string[] = []
    emitter.event((n) => seen.push(`a${n}`))
    emitter.event(() => {
      throw new Error('listener b broke')
    })
    emitter.event((n) => seen.push(`c${n}`))
    expect(() => emitter.fire(1)).not.toThrow()
    emitter.fire(2)
    expect(seen).toEqual(['a1', 'c1', 'a2', 'c2'])
    expect(reported.map((e) => (e as Error).message)).toEqual(['listener b broke', 'listener b broke'])
  })

  it('does not call a listener removed by an earlier one during the same fire', () => {
    const emitter = new Emitter<void>()
    const seen: string[] = []
    let second: IDisposable = Disposable.None
    emitter.event(() => {
      seen.push('first')
      second.dispose()
    })
    second = emitter.event(() => seen.push('second'))
    emitter.fire()
    expect(seen).toEqual(['first'])
    expect(emitter.listenerCount).toBe(1)
  })

  it('forgets every listener when disposed', () => {
    const emitter = new Emitter<number>()
    const seen: number[] = []
    emitter.event((n) => seen.push(n))
    emitter.dispose()
    emitter.fire(1)
    expect(seen).toEqual([])
    expect(emitter.listenerCount).toBe(0)
  })
})

/**
 * Lifetimes, as in VS Code: everything long-lived is an {@link IDisposable}; owners collect what they create in
 * a {@link DisposableStore} and release it all at once. Disposing twice is harmless, so teardown paths (quit,
 * cluster removal, a renderer going away) never need to know who went first.
 */
export interface IDisposable {
  dispose(): void
}

/** Wraps a teardown function so that it runs at most once. */
export function toDisposable(fn: () => void): IDisposable {
  let done = false
  return {
    dispose: () => {
      if (done) return
      done = true
      fn()
    },
  }
}

/** A bag of disposables released in reverse order of addition (last created, first gone). */
export class DisposableStore implements IDisposable {
  private readonly items: IDisposable[] = []
  private disposed = false

  get isDisposed(): boolean {
    return this.disposed
  }

  /** Adds `item`; if the store is already disposed the item is disposed at once, so nothing leaks late. */
  add<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose()
    else this.items.push(item)
    return item
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    const errors: unknown[] = []
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose()
      } catch (error) {
        errors.push(error)
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'errors while disposing')
  }
}

/** A minimal typed event emitter whose subscriptions are disposables. */
export class Emitter<T> implements IDisposable {
  private listeners = new Set<(value: T) => void>()

  /** Subscribes `listener`; dispose the result to unsubscribe. */
  readonly event = (listener: (value: T) => void): IDisposable => {
    this.listeners.add(listener)
    return toDisposable(() => this.listeners.delete(listener))
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value)
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  dispose(): void {
    this.listeners.clear()
  }
}

/**
 * Lifetimes, as in VS Code: everything long-lived is an {@link IDisposable}; owners collect what they create in
 * a {@link DisposableStore} and release it all at once. Disposing twice is harmless, so teardown paths (quit,
 * cluster removal, a renderer going away) never need to know who went first.
 */
export interface IDisposable {
  dispose(): void
}

let unexpectedErrorHandler: (error: unknown) => void = (error) => {
  console.error('[pvedesk] unexpected error in a listener:', error)
}

/**
 * Reports an error nobody could catch (a listener that threw inside {@link Emitter.fire}). Logged by default;
 * tests and hosts install their own with {@link setUnexpectedErrorHandler}. Never swallowed silently.
 */
export function onUnexpectedError(error: unknown): void {
  try {
    unexpectedErrorHandler(error)
  } catch {
    // A failing reporter must not turn one listener's error into the emitter's.
  }
}

/** Installs `handler` for unexpected errors; disposing the result restores the previous one. */
export function setUnexpectedErrorHandler(handler: (error: unknown) => void): IDisposable {
  const previous = unexpectedErrorHandler
  unexpectedErrorHandler = handler
  return toDisposable(() => {
    unexpectedErrorHandler = previous
  })
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

  /** Disposes what it holds now and stays usable (a connection's per-login resources, say). */
  clear(): void {
    disposeAll(this.items.splice(0).reverse())
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    disposeAll(this.items.splice(0).reverse())
  }
}

function disposeAll(items: readonly IDisposable[]): void {
  const errors: unknown[] = []
  for (const item of items) {
    try {
      item.dispose()
    } catch (error) {
      errors.push(error)
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'errors while disposing')
}

/**
 * The base of a class that owns disposables, as VS Code's: `this._register(x)` in the constructor or later,
 * and one `dispose()` releases them all in reverse order. Subclasses overriding `dispose` call `super.dispose()`.
 */
export abstract class Disposable implements IDisposable {
  /** A disposable that does nothing, for "no subscription" results. */
  static readonly None: IDisposable = Object.freeze({ dispose: () => undefined })

  private readonly _store = new DisposableStore()

  protected get isDisposed(): boolean {
    return this._store.isDisposed
  }

  /** Owns `item` from now on; registered after dispose, it is disposed at once. */
  protected _register<T extends IDisposable>(item: T): T {
    if ((item as unknown) === this) throw new Error('a disposable cannot register itself')
    return this._store.add(item)
  }

  dispose(): void {
    this._store.dispose()
  }
}

/** Holds at most one disposable: setting another disposes the one before (a timer, a connection, a poll). */
export class MutableDisposable<T extends IDisposable> implements IDisposable {
  private current: T | undefined
  private disposed = false

  get value(): T | undefined {
    return this.current
  }

  set value(next: T | undefined) {
    if (this.disposed) {
      next?.dispose()
      return
    }
    if (next === this.current) return
    const previous = this.current
    this.current = next
    previous?.dispose()
  }

  clear(): void {
    this.value = undefined
  }

  dispose(): void {
    this.disposed = true
    const previous = this.current
    this.current = undefined
    previous?.dispose()
  }
}

/**
 * A minimal typed event emitter whose subscriptions are disposables. A listener that throws does not stop the
 * others: its error goes to {@link onUnexpectedError}, and `fire` returns normally.
 */
export class Emitter<T> implements IDisposable {
  /** One entry per subscription, not per function: the same function subscribed twice is called twice. */
  private listeners = new Set<{ readonly listener: (value: T) => void }>()

  /** Subscribes `listener`; dispose the result to end this subscription (and no other). */
  readonly event = (listener: (value: T) => void): IDisposable => {
    const subscription = { listener }
    this.listeners.add(subscription)
    return toDisposable(() => this.listeners.delete(subscription))
  }

  fire(value: T): void {
    for (const subscription of [...this.listeners]) {
      // One removed by an earlier listener during this same fire is no longer called.
      if (!this.listeners.has(subscription)) continue
      try {
        subscription.listener(value)
      } catch (error) {
        onUnexpectedError(error)
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  dispose(): void {
    this.listeners.clear()
  }
}

import type { VerifiedInventory } from './file/inventory-file'

/**
 * The inventory.json bytes held parsed at once (opened inventory snapshots and verified files kept for a
 * compare): a parsed snapshot costs a few times its JSON in memory, so this bounds main's memory whatever a
 * renderer asks. The newest file is always held, whatever its size (the file lane bounds one file).
 */
export const MAX_HELD_BYTES = 64 * 1024 * 1024
/** Verified files held at once: four opened inventory snapshots and the two sides of a compare. */
export const MAX_HELD = 6

/**
 * Verified inventory snapshots held in memory under a key naming the file's version (its id, size and time),
 * least recently used first out past {@link MAX_HELD} files or {@link MAX_HELD_BYTES} together: a file opened
 * again, or compared once opened, is not inflated and parsed again.
 */
export class HeldInventories {
  private readonly held = new Map<string, VerifiedInventory>()
  private total = 0

  constructor(
    private readonly maxBytes = MAX_HELD_BYTES,
    private readonly maxCount = MAX_HELD,
  ) {}

  /** The bytes of inventory.json held together. */
  get bytes(): number {
    return this.total
  }

  get size(): number {
    return this.held.size
  }

  /** The file held under `key`, now the most recently used. */
  get(key: string): VerifiedInventory | undefined {
    const verified = this.held.get(key)
    if (verified === undefined) return undefined
    this.held.delete(key)
    this.held.set(key, verified)
    return verified
  }

  has(key: string): boolean {
    return this.held.has(key)
  }

  /** Holds `verified` under `key` (the most recently used); the least recently used go past the bounds. */
  hold(key: string, verified: VerifiedInventory): void {
    this.delete(key)
    this.held.set(key, verified)
    this.total += verified.bytes
    while (this.held.size > 1 && (this.held.size > this.maxCount || this.total > this.maxBytes)) {
      this.delete(this.held.keys().next().value as string)
    }
  }

  delete(key: string): void {
    const verified = this.held.get(key)
    if (verified === undefined) return
    this.held.delete(key)
    this.total -= verified.bytes
  }

  clear(): void {
    this.held.clear()
    this.total = 0
  }
}

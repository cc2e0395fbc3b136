// Test-only: a fake of main's inventory channels behind a fake window.pveDesk, as the tools' tests need it.
// No product module imports this file.
import type { PveDeskApi } from '../../../../../shared/ipc/api'
import type { CaptureFinished, InventoryFileEntry } from '../../../../../shared/ipc/domains/inventory'
import type { AppErrorShape, Result } from '../../../../../shared/ipc/errors'
import type { CaptureProgress } from '../../../../../shared/model/inventory-snapshot'

type Answer = (request: unknown) => Result<unknown> | Promise<Result<unknown>>

/** Main's inventory side: answers per method (default `internal`, as the stub handlers), events to push. */
export class FakeInventoryMain {
  readonly calls: { method: string; request: unknown }[] = []
  private readonly answers = new Map<string, Answer>()
  private readonly progress = new Set<(p: CaptureProgress) => void>()
  private readonly captured = new Set<(f: CaptureFinished) => void>()

  answer(method: string, answer: Answer): this {
    this.answers.set(method, answer)
    return this
  }
  ok(method: string, value: unknown): this {
    return this.answer(method, () => ({ ok: true, value }))
  }
  fail(method: string, error: AppErrorShape): this {
    return this.answer(method, () => ({ ok: false, error }))
  }
  /** How many listeners each event has (a disposed subscription leaves none). */
  listeners(): { progress: number; captured: number } {
    return { progress: this.progress.size, captured: this.captured.size }
  }
  pushProgress(p: CaptureProgress): void {
    for (const l of [...this.progress]) l(p)
  }
  pushCaptured(f: CaptureFinished): void {
    for (const l of [...this.captured]) l(f)
  }
  api(): PveDeskApi {
    const call =
      (method: string) =>
      (request: unknown): Promise<Result<unknown>> => {
        this.calls.push({ method, request })
        const answer = this.answers.get(method)
        return Promise.resolve(
          answer === undefined
            ? { ok: false, error: { code: 'internal', message: 'not wired' } }
            : answer(request),
        )
      }
    const api = {
      onInventoryProgress: (l: (p: CaptureProgress) => void) => {
        this.progress.add(l)
        return () => this.progress.delete(l)
      },
      onInventoryCaptured: (l: (f: CaptureFinished) => void) => {
        this.captured.add(l)
        return () => this.captured.delete(l)
      },
    }
    // Every other method answers through `call`, so a test names only what it needs.
    return new Proxy(api, {
      get: (target, name: string) => (name in target ? target[name as keyof typeof target] : call(name)),
    }) as unknown as PveDeskApi
  }
}

export const fileEntry = (patch: Partial<InventoryFileEntry> = {}): InventoryFileEntry => ({
  fileId: 'f1',
  name: 'pvedesk-inventory-20261201-120000Z.zip',
  path: '/home/noc/.pvedesk/inventory-snapshots/pvedesk-inventory-20261201-120000Z.zip',
  source: 'folder',
  bytes: 1000,
  modifiedAt: Date.parse('2026-12-01T12:00:00.000Z'),
  takenAt: '2026-12-01T12:00:00.000Z',
  summary: { clusters: 3, nodes: 5, guests: 40, issues: 1 },
  ...patch,
})

export const progressOf = (patch: Partial<CaptureProgress> = {}): CaptureProgress => ({
  captureId: 'cap1',
  clusters: [
    { clusterId: 'c1', state: 'running', done: 10, total: 40 },
    { clusterId: 'c2', state: 'waiting', done: 0, total: 0 },
  ],
  done: 10,
  total: 40,
  phase: 'capturing',
  ...patch,
})

export const written = (patch: Partial<Extract<CaptureFinished, { ok: true }>> = {}): CaptureFinished => ({
  ok: true,
  captureId: 'cap1',
  trigger: 'manual',
  file: fileEntry(),
  summary: { clusters: 3, nodes: 5, guests: 40, issues: 2 },
  ...patch,
})

export const failed = (error: AppErrorShape, patch: Partial<CaptureFinished> = {}): CaptureFinished =>
  ({ ok: false, captureId: 'cap1', trigger: 'manual', error, ...patch }) as CaptureFinished

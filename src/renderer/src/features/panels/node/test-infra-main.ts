// Test-only: a fake `window.pveDesk` answering the infra panels' reads, recording each call. No product module
// imports this file.
import type { PveDeskApi } from '../../../../../shared/ipc/api'
import type { AppErrorShape, Result } from '../../../../../shared/ipc/errors'

type Answer = (request: Record<string, unknown>) => unknown

/** Answers per method name (`panelNodeNetwork`…); a method without one fails as PVE's refusal would. */
export class FakeInfraMain {
  readonly calls: { method: string; request: Record<string, unknown> }[] = []
  private readonly answers = new Map<string, Answer | AppErrorShape>()

  answer(method: keyof PveDeskApi, answer: Answer): this {
    this.answers.set(method, answer)
    return this
  }

  fail(method: keyof PveDeskApi, error: AppErrorShape): this {
    this.answers.set(method, error)
    return this
  }

  called(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request)
  }

  api(): PveDeskApi {
    // Only the methods a test answers exist; the panels call nothing else (a Proxy reports any other call).
    return new Proxy({} as PveDeskApi, {
      get: (_target, method: string) => (request: Record<string, unknown>) => {
        this.calls.push({ method, request })
        const answer = this.answers.get(method)
        const result: Result<unknown> =
          answer === undefined
            ? { ok: false, error: { code: 'internal', message: `no fake answer for ${method}` } }
            : typeof answer === 'function'
              ? { ok: true, value: answer(request) }
              : { ok: false, error: answer }
        return Promise.resolve(result)
      },
    })
  }
}

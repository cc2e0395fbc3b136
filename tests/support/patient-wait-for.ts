import { vi } from 'vitest'

/**
 * Setup file of the integration project: `vi.waitFor` waits up to 10 s unless a test says otherwise, not vitest's
 * 1 s. An integration test waits on real TLS handshakes, logins and polls, which a loaded CI machine (two cores,
 * lint and typecheck running beside) stretches well past a second; waiting longer changes nothing for a test that
 * passes, and a test that waits for what never comes still fails, only later.
 */
const PATIENCE_MS = 10_000
const PATIENT = Symbol.for('pvedesk.patient-wait-for')

// Once per module registry: a worker that runs several files in one registry sets it up once, not once per file.
if (!(PATIENT in vi.waitFor)) {
  const waitFor = vi.waitFor.bind(vi)
  vi.waitFor = Object.assign(
    (callback: Parameters<typeof waitFor>[0], options?: Parameters<typeof waitFor>[1]) =>
      waitFor(callback, typeof options === 'number' ? options : { timeout: PATIENCE_MS, ...options }),
    { [PATIENT]: true },
  ) as typeof vi.waitFor
}

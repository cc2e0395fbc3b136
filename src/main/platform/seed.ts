import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import { ClusterInput } from '../../shared/model/cluster-input'

/**
 * Clusters handed to the demo's composition of PVE Desk (scripts/demo-services.ts) on standard input, never in a
 * file or on the command line, because they carry secrets. The shipped app's entries never read one. They are
 * saved like clusters the user adds: settings to the settings file, secrets to the vault (an in-memory vault,
 * in a throw-away PVEDESK_HOME).
 */
export const Seed = z.object({
  clusters: z.array(ClusterInput.extend({ secret: z.string().min(1) })),
  pollIntervalMs: z.number().int().min(500).max(600_000).optional(),
  timeoutMs: z.number().int().min(500).max(120_000).optional(),
})
export type Seed = z.infer<typeof Seed>

export function parseSeed(json: string): Seed | undefined {
  if (json.trim() === '') return undefined
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    throw new AppError({ code: 'invalid_request', message: 'the seed on standard input is not JSON' })
  }
  const parsed = Seed.safeParse(raw)
  if (!parsed.success)
    throw new AppError({ code: 'invalid_request', message: `seed: ${z.prettifyError(parsed.error)}` })
  return parsed.data
}

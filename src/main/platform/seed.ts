import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import { ClusterInput } from '../../shared/model/cluster-input'

/**
 * Clusters handed to a starting PVE Desk by `npm run demo` (and tests) on standard input, never in a file or on
 * the command line, because they carry secrets. They are saved like clusters the user adds: settings to the
 * settings file, secrets to the vault (an in-memory vault for the demo, with a throw-away PVEDESK_HOME).
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

/** Reads a seed piped on standard input; a terminal (or nothing) means no seed. */
export async function readSeed(): Promise<Seed | undefined> {
  if (process.stdin.isTTY) return undefined
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return parseSeed(Buffer.concat(chunks).toString('utf8'))
}

import type { LaunchConfig } from './launch-config'
import { parseLaunchConfig } from './launch-config'

/** Reads the launch configuration piped on standard input; no input (a terminal) means no cluster. */
export async function readLaunchConfig(): Promise<LaunchConfig> {
  if (process.stdin.isTTY) return parseLaunchConfig('{"clusters":[]}')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8').trim()
  return parseLaunchConfig(text === '' ? '{"clusters":[]}' : text)
}

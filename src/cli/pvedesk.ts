import { createInterface } from 'node:readline/promises'

import { runCli } from './main'

/** The `pvedesk` executable: real stdin, stdout, stderr, terminal prompt, Ctrl-C and exit status around `runCli`. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return ''
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

// The first Ctrl-C stops waiting (a bulk run starts nothing new and follows what it started); the second quits.
const interrupt = new AbortController()

/**
 * A yes/no question on the terminal, the prompt on stderr; only `y` or `yes` is a yes. Ctrl-C at the question
 * reaches readline, not the SIGINT listener below (raw mode), and rejects the question with an `AbortError`: it is
 * the interrupt, answered no.
 */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim())
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error
    process.stderr.write('\n')
    interrupt.abort()
    return false
  } finally {
    rl.close()
  }
}
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130)
  process.stderr.write('pvedesk: Ctrl-C: nothing new starts; Ctrl-C again to quit at once\n')
  interrupt.abort()
})

runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: readStdin,
  signal: interrupt.signal,
  ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm } : {}),
})
  .then((code) => {
    process.exitCode = code
  })
  .catch((error: unknown) => {
    process.stderr.write(`pvedesk: internal: ${String(error)}\n`)
    process.exitCode = 1
  })
  .finally(() => {
    // Nothing keeps the process alive once the command ended (the SIGINT listener does not, but say so).
    process.removeAllListeners('SIGINT')
  })

// `npm run bench` (last): what main's console bridge costs against a direct websocket client of the same
// simulator termproxy (a node shell as root@pam), as ratios measured in this one run:
//   - throughput: `seq` output (12 MB per command, several commands typed at once so that the output is one
//     stream) read through each path, 3 interleaved runs, the median;
//   - keystroke latency: one byte typed → its echo back at the consumer, p50/p99 per path, the added p99.
// Paths: the direct client, openTerminalUpstream alone, and the whole of main (ConsoleService, IPC router,
// console:attach stream) to a renderer-side consumer, over the in-memory pair and over the browser host's
// WebSocket. The simulator runs in a process of its own, as PVE runs on another machine (its heap and its
// work would otherwise be charged to main: `BENCH_CONSOLE_SIM=inprocess` shows that). Wall-clock figures are
// printed for context only; nothing asserts them (on a shared machine they swing by 2× from run to run: compare
// the CPU figures). What the paths charge that the direct client does not: the renderer's side runs in this
// process too — over IPC its structured clone of every message (as a MessagePort copies it) and its end of the
// stream; over the browser host a second, loopback WebSocket whose receiving end (the page's, in a browser)
// parses and reassembles every frame here. So the host path's CPU per MB overstates what main spends.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'

import type { ReadyLine } from '../pve-sim'
import { startSimulator } from '../pve-sim/index'
import type { BenchTerminal } from './console-paths'
import {
  benchCluster,
  openDirect,
  openThroughHost,
  openThroughIpc,
  openUpstream,
  startDesk,
} from './console-paths'

const MB = 1e6
const TARGET_MB = Number(process.env.BENCH_CONSOLE_MB ?? 60)
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 3)
const SAMPLES = Number(process.env.BENCH_CONSOLE_KEYS ?? 2_000)
/** Longer than the output batcher's 16 ms window: a keystroke after a pause, as typing is. */
const KEY_GAP_MS = 20
const BURST_SAMPLES = 200
/** `seq FIRST LAST` with 10-digit numbers: 12 bytes a line, the simulator's 1,000,000-line cap per command. */
const FIRST = 1_000_000_000
const LINES = 1_000_000
const COMMAND_BYTES = LINES * 12

const log = (message: string): void => {
  process.stderr.write(`[bench:consoles] ${message}\n`)
}
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const encoder = new TextEncoder()

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}
const median = (values: readonly number[]): number => percentile(values, 50)

interface Transfer {
  /** Output bytes timed. */
  bytes: number
  /** From each command's first output chunk to its last {@link TAIL_BYTES}, summed. */
  ms: number
  /** From there to its prompt, summed: the last batch waits for its window's end (≤ 16 ms), by design. */
  tailMs: number
  /** CPU time of this process (main's side and the consumer; the simulator runs elsewhere) while timed. */
  cpuMs: number
}

/** The end of a command's output, timed apart: a latency of the batching, not a rate. */
const TAIL_BYTES = 256 * 1024

/**
 * Runs `commands` seq commands one after the other. The output's size is known to the byte: each command is
 * timed from its first output chunk after the echo (the simulator builds a command's whole output before
 * sending any of it: not the path's cost) to its last {@link TAIL_BYTES}, then to its prompt.
 */
async function throughput(terminal: BenchTerminal, prompt: string, commands: number): Promise<Transfer> {
  const last = FIRST + LINES - 1
  const command = `seq ${FIRST} ${last}\r`
  // The shell echoes the command as it comes (`\r` as CR LF), then builds the output.
  const echo = command.length + 1
  const expected = echo + COMMAND_BYTES + prompt.length
  const total: Transfer = { bytes: 0, ms: 0, tailMs: 0, cpuMs: 0 }
  for (let c = 0; c < commands; c++) {
    await new Promise<void>((resolve, reject) => {
      let received = 0
      let started: number | undefined
      let streamed: number | undefined
      let cpu: NodeJS.CpuUsage | undefined
      terminal.listener = (chunk) => {
        const now = performance.now()
        received += chunk.length
        if (started === undefined) {
          if (received <= echo) return
          started = now
          cpu = process.cpuUsage()
        }
        if (streamed === undefined && received >= expected - TAIL_BYTES) {
          const used = process.cpuUsage(cpu)
          streamed = now
          total.bytes += received - echo
          total.ms += now - started
          total.cpuMs += (used.user + used.system) / 1000
        }
        if (received < expected) return
        const end = Buffer.from(chunk.subarray(-prompt.length)).toString('latin1')
        if (received > expected || end !== prompt)
          reject(
            new Error(
              `${terminal.name}: unexpected output (${received} bytes, ending ${JSON.stringify(end)})`,
            ),
          )
        total.tailMs += now - (streamed ?? now)
        resolve()
      }
      terminal.send(encoder.encode(command))
    })
  }
  return total
}

/** One keystroke: a byte in, its echo (`x`, or `\b \b` for DEL) out. */
function keystroke(terminal: BenchTerminal, erase: boolean): Promise<number> {
  const expect = erase ? 3 : 1
  return new Promise((resolve) => {
    let received = 0
    const sent = performance.now()
    terminal.listener = (chunk) => {
      received += chunk.length
      if (received >= expect) resolve(performance.now() - sent)
    }
    terminal.send(Uint8Array.of(erase ? 0x7f : 0x78))
  })
}

const mbps = (r: Transfer): number => r.bytes / MB / (r.ms / 1000)
/** CPU milliseconds per MB moved. */
const cpuPerMb = (r: Transfer): number => r.cpuMs / (r.bytes / MB)
const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '—')

/** The simulator in a child process (default) or in this one; its ready line and how to stop it. */
async function simulator(): Promise<{ info: ReadyLine; where: string; stop(): Promise<void> }> {
  if (process.env.BENCH_CONSOLE_SIM === 'inprocess') {
    const sim = await startSimulator({ scenario: 'three-sites', tickMs: null })
    return { info: sim.info, where: 'in this process', stop: () => sim.dispose() }
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/pve-sim/cli.ts', '--scenario', 'three-sites', '--tick-ms', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => {
      reject(new Error(`the simulator exited with ${String(code)}`))
    })
  })
  return {
    info: JSON.parse(line) as ReadyLine,
    where: 'in a process of its own',
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

async function main(): Promise<void> {
  const started = await simulator()
  const sim = started.info
  const desk = await startDesk(sim)
  const terminals: BenchTerminal[] = []
  try {
    const { node } = benchCluster(sim)
    const prompt = `root@${node}:~# `
    terminals.push(
      await openDirect(sim),
      await openUpstream(sim),
      await openThroughIpc(sim, desk.services),
      await openThroughHost(sim, desk.services),
    )
    log('terminals open; warming up…')
    // Each at its first prompt, and warmed up (JIT, TLS buffers) by one command.
    for (const t of terminals) await throughput(t, prompt, 1)

    const commands = Math.max(1, Math.round((TARGET_MB * MB) / COMMAND_BYTES))
    log(`throughput: ${RUNS} × ${commands} commands per path…`)
    const rates = terminals.map((): number[] => [])
    const cpu = terminals.map((): number[] => [])
    const tails = terminals.map((): number[] => [])
    for (let run = 0; run < RUNS; run++) {
      for (let k = 0; k < terminals.length; k++) {
        const i = (run + k) % terminals.length
        const transfer = await throughput(terminals[i] as BenchTerminal, prompt, commands)
        rates[i]?.push(mbps(transfer))
        cpu[i]?.push(cpuPerMb(transfer))
        tails[i]?.push(transfer.tailMs / commands)
      }
    }

    log(`latency: ${SAMPLES} keystrokes per path…`)
    const latencies = terminals.map((): number[] => [])
    for (let s = 0; s < SAMPLES; s++) {
      // Each path in turn first after the pause.
      for (let k = 0; k < terminals.length; k++) {
        const i = (s + k) % terminals.length
        const t = terminals[i] as BenchTerminal
        latencies[i]?.push(await keystroke(t, s % 2 === 1))
      }
      await sleep(KEY_GAP_MS)
    }
    // Typed faster than the batch window: each echo comes within 16 ms of the previous output.
    const burst = terminals.map((): number[] => [])
    for (const [i, t] of terminals.entries()) {
      for (let s = 0; s < BURST_SAMPLES; s++) burst[i]?.push(await keystroke(t, s % 2 === 1))
    }

    const baseRate = median(rates[0] ?? [])
    const baseCpu = median(cpu[0] ?? [])
    const baseP99 = percentile(latencies[0] ?? [], 99)
    console.log(
      `PVE Desk console bridge benchmark: node shell ${node} as root@pam, the simulator ${started.where}, ${f((commands * COMMAND_BYTES) / MB, 0)} MB per run, median of ${RUNS} interleaved runs`,
    )
    for (const [i, t] of terminals.entries()) {
      const rate = median(rates[i] ?? [])
      const runs = (rates[i] ?? []).map((r) => f(r)).join(' / ')
      const ratio = i === 0 ? 'baseline' : `ratio ${f(rate / baseRate, 2)}× the direct client`
      console.log(`  throughput  ${t.name.padEnd(32)} ${f(rate).padStart(7)} MB/s (${runs})  ${ratio}`)
      const cost = median(cpu[i] ?? [])
      const costRatio = i === 0 ? '' : `  ${f(cost / baseCpu, 2)}× the direct client's`
      const tail = f(median(tails[i] ?? []), 1)
      console.log(
        `    CPU here ${f(cost, 2)} ms per MB${costRatio}; each command's last 256 KiB → prompt ${tail} ms`,
      )
    }
    console.log(
      `  keystroke → echo, ${SAMPLES} samples each, ${KEY_GAP_MS} ms apart (interleaved), and ${BURST_SAMPLES} back to back:`,
    )
    for (const [i, t] of terminals.entries()) {
      const p50 = percentile(latencies[i] ?? [], 50)
      const p99 = percentile(latencies[i] ?? [], 99)
      const added = i === 0 ? '' : `  added p99 ${f(p99 - baseP99, 2)} ms`
      console.log(
        `  latency     ${t.name.padEnd(32)} p50 ${f(p50, 2)} ms  p99 ${f(p99, 2)} ms${added}   back to back p50 ${f(percentile(burst[i] ?? [], 50), 2)} ms  p99 ${f(percentile(burst[i] ?? [], 99), 2)} ms`,
      )
    }
    console.log(`  targets: throughput ≥ 0.9× the direct client; added p99 ≤ 2 ms (keystrokes after a pause)`)
  } finally {
    for (const t of terminals) await t.close().catch(() => undefined)
    desk.dispose()
    await started.stop()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

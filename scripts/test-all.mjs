#!/usr/bin/env node
// `npm test`: every check and every test, in the order a failure is cheapest to read, then one closing line
// `N passed, N failed` (typecheck, lint and format each count as one check).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { stripVTControlCharacters } from 'node:util'

mkdirSync('test-results', { recursive: true })
const results = []

/** Runs a test suite with its output shown as it comes (asynchronously: the checks beside it keep reading theirs). */
function run(name, command, args, env = {}) {
  process.stderr.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`)
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
    child.on('error', (error) => process.stderr.write(`${String(error)}\n`))
    child.on('close', (status) =>
      resolve({ ok: status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) }),
    )
  })
}

async function counted(name, command, args, reportFile, read, env) {
  rmSync(reportFile, { force: true })
  const { ok, seconds } = await run(name, command, args, env)
  let counts = { passed: 0, failed: 1, skipped: 0, failures: [] }
  if (existsSync(reportFile)) counts = read(JSON.parse(readFileSync(reportFile, 'utf8')))
  if (!ok && counts.failed === 0) counts.failed = 1 // the runner failed outside any test (setup, crash)
  results.push({ name, ...counts, seconds })
}

/**
 * Runs a check with its output held, so that checks can run beside the tests and still print one after another.
 * At the lowest CPU priority (nice 19): the checks take only the cycles the tests leave idle (the integration
 * tests mostly wait on sockets and timers), so they neither slow the tests nor make their timing flaky.
 */
function held(name, command, args) {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn('nice', ['-n', '19', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('error', (error) => output.push(Buffer.from(`${String(error)}\n`)))
    child.on('close', (status) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      resolve({ name, command, args, ok: status === 0, seconds, output: Buffer.concat(output) })
    })
  })
}

// Typecheck, lint and format check are read only and single-threaded: they start now, beside the tests, and
// their output is printed (and counted first) once the tests have ended.
const checks = Promise.all([
  held('typecheck', 'npm', ['run', '--silent', 'typecheck']),
  held('lint', 'npm', ['run', '--silent', 'lint']),
  held('format', 'npm', ['run', '--silent', 'format:check']),
])
// The vault's tests need a real Secret Service: run vitest inside a private D-Bus session with gnome-keyring.
const keyring =
  spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0
const vitest = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
]
if (!keyring)
  process.stderr.write('\nNOTE: no dbus-run-session/gnome-keyring here: the keychain tests are skipped\n')
await counted(
  'unit + integration (vitest)',
  keyring ? 'scripts/with-keyring.sh' : 'npx',
  keyring ? ['npx', ...vitest] : vitest,
  'test-results/vitest.json',
  (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
    failures: vitestFailures(r),
  }),
)
await counted(
  'end-to-end (playwright, Chromium)',
  'npx',
  ['playwright', 'test'],
  'test-results/playwright.json',
  (r) => {
    reportSkips(r.suites ?? [])
    return {
      passed: r.stats.expected + r.stats.flaky,
      failed: r.stats.unexpected,
      skipped: r.stats.skipped,
      failures: playwrightFailures(r.suites ?? []),
    }
  },
)

const ended = await checks
for (const c of ended) {
  process.stderr.write(
    `\n=== ${c.name}: ${c.command} ${c.args.join(' ')} (${c.seconds} s, beside the tests)\n`,
  )
  process.stderr.write(c.output)
}
results.unshift(
  ...ended.map((c) => ({
    name: c.name,
    passed: c.ok ? 1 : 0,
    failed: c.ok ? 0 : 1,
    skipped: 0,
    seconds: c.seconds,
    failures: c.ok ? [] : ['its output is printed above'],
  })),
)

/** Says which end-to-end tests were skipped and why (for example: no Electron binary on this machine). */
function reportSkips(suites) {
  for (const suite of suites) {
    reportSkips(suite.suites ?? [])
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue
        const why = (t.annotations ?? [])
          .map((a) => a.description)
          .filter(Boolean)
          .join('; ')
        process.stdout.write(`SKIPPED ${spec.file} › ${spec.title}${why ? ` — ${why}` : ''}\n`)
      }
    }
  }
}

/** The first line of a failure's message, without colours, short enough for one line of the closing list. */
function firstLine(message) {
  const line =
    stripVTControlCharacters(String(message ?? ''))
      .split('\n')
      .find((l) => l.trim()) ?? ''
  return line.trim().slice(0, 300)
}

/** Every failed vitest test (and every file that failed outside its tests) with its first error line. */
function vitestFailures(report) {
  const failures = []
  for (const file of report.testResults ?? []) {
    const name = String(file.name).replace(`${process.cwd()}/`, '')
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed')
    for (const t of failed)
      failures.push(`${name} › ${t.fullName ?? t.title}: ${firstLine(t.failureMessages?.[0])}`)
    if (failed.length === 0 && file.status === 'failed') failures.push(`${name}: ${firstLine(file.message)}`)
  }
  return failures
}

/** Every end-to-end test that did not end as expected, with its first error line. */
function playwrightFailures(suites, failures = []) {
  for (const suite of suites) {
    playwrightFailures(suite.suites ?? [], failures)
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue
        const last = t.results?.[t.results.length - 1]
        failures.push(
          `${spec.file} › ${spec.title}: ${firstLine(last?.error?.message ?? last?.errors?.[0]?.message)}`,
        )
      }
    }
  }
  return failures
}

// The failures again, right above the summary: a CI log is often read from its tail.
const failures = results.flatMap((r) => (r.failures ?? []).map((f) => `${r.name}: ${f}`))
if (failures.length > 0) {
  process.stdout.write('\nFailed\n')
  for (const f of failures.slice(0, 40)) process.stdout.write(`  ${f}\n`)
  if (failures.length > 40) process.stdout.write(`  … and ${failures.length - 40} more\n`)
}

const total = (key) => results.reduce((sum, r) => sum + r[key], 0)
process.stdout.write('\nSummary\n')
for (const r of results) {
  process.stdout.write(
    `  ${r.name.padEnd(36)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped  ${r.seconds} s\n`,
  )
}
process.stdout.write(`${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped\n`)
process.exitCode = total('failed') === 0 ? 0 : 1

import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import type { AppHealth } from '../../src/shared/ipc/contract'
import type { FleetState } from '../../src/shared/model/fleet'

/**
 * Replays the attack of issue 7 item 5: a seed piped into the production start-up (with `PVEDESK_VAULT=memory`
 * for good measure) used to replace an existing cluster's endpoint and pin and turn read-only off. The
 * production browser host runs the same start-up as Electron (src/main/bootstrap.ts); it must ignore both.
 */
const FP = (byte: string): string => Array.from({ length: 32 }, () => byte).join(':')
const cluster = (url: string, fingerprint: string, readOnly: boolean, secret: string): object => ({
  id: 'prod',
  name: 'Production',
  endpoints: [{ url, fingerprint, node: 'pve1' }],
  auth: { kind: 'password', username: 'root@pam' },
  sites: {},
  readOnly,
  secret,
})
// Closed loopback ports: nothing ever answers, and no test reaches beyond 127.0.0.1.
const OWN = cluster('https://127.0.0.1:9', FP('AA'), true, 'the-operators-password')
const ATTACK = cluster('https://127.0.0.1:10', FP('EE'), false, 'attacker-password')

const children: ChildProcess[] = []
let home: string

/** Starts an entry under Node with `stdin` piped in, and waits for its `{"ready":true,"url":…}` line. */
async function start(
  entry: string,
  args: string[],
  stdin: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PVEDESK_HOME: home, ...env },
  })
  children.push(child)
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin.end(stdin)
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => {
      reject(new Error(`${entry} exited with ${String(code)}: ${stderr}`))
    })
  })
  return { child, url: (JSON.parse(line) as { url: string }).url }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Logs in with the URL's token (the cookie) and invokes channels over the host's IPC socket. */
async function invokeAll(url: string, channels: string[]): Promise<Record<string, unknown>> {
  const cookie = await new Promise<string>((resolve, reject) => {
    get(url, (res) => {
      res.resume()
      resolve((res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '')
    }).on('error', reject)
  })
  const origin = new URL(url).origin
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/__pvedesk/ipc`, {
    headers: { Origin: origin, Cookie: cookie },
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const results: Record<string, unknown> = {}
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        id?: number
        result?: { ok: boolean; value?: unknown }
      }
      const channel = message.id === undefined ? undefined : channels[message.id]
      if (channel === undefined || message.result === undefined) return
      if (!message.result.ok) reject(new Error(`${channel}: ${JSON.stringify(message.result)}`))
      results[channel] = message.result.value
      if (Object.keys(results).length === channels.length) resolve()
    })
    channels.forEach((channel, id) => {
      ws.send(JSON.stringify({ t: 'invoke', id, channel, request: {} }))
    })
  })
  ws.close()
  return results
}

const summaries = (fleet: unknown): object[] =>
  (fleet as FleetState).clusters.map(({ summary }) => ({
    id: summary.id,
    endpoints: summary.endpoints.map(({ url, fingerprint }) => ({ url, fingerprint })),
    readOnly: summary.readOnly,
  }))
const OWN_SUMMARY = {
  id: 'prod',
  endpoints: [{ url: 'https://127.0.0.1:9', fingerprint: FP('AA') }],
  readOnly: true,
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'pvedesk-hooks-'))
  // The operator's existing cluster, written by the real services (the demo's composition accepts a seed, and
  // only into a new, empty home).
  const demo = await start('scripts/demo-host.ts', ['--seed-stdin'], JSON.stringify({ clusters: [OWN] }), {})
  const seeded = await invokeAll(demo.url, ['fleet:get'])
  expect(summaries(seeded['fleet:get'])).toEqual([OWN_SUMMARY])
  await stop(demo.child)
})

afterAll(async () => {
  await Promise.all(children.map(stop))
  rmSync(home, { recursive: true, force: true })
})

describe('the production start-up', () => {
  it('ignores a seed on stdin and PVEDESK_VAULT=memory: the cluster keeps its endpoint, pin and read-only', async () => {
    const host = await start('src/main/host/main.ts', [], JSON.stringify({ clusters: [ATTACK] }), {
      PVEDESK_VAULT: 'memory',
      // No Secret Service here: the OS keychain says it is unavailable, where a memory vault always says yes.
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/pvedesk-test-bus',
    })
    const { 'fleet:get': fleet, 'app:health': health } = await invokeAll(host.url, [
      'fleet:get',
      'app:health',
    ])
    expect(summaries(fleet)).toEqual([OWN_SUMMARY])
    expect((health as AppHealth).keychain.available).toBe(false)
    expect((health as AppHealth).home).toBe(home)
    await stop(host.child)
  })
})

describe("the demo's composition", () => {
  it('refuses a home that already holds settings, so a seed cannot overwrite anybody’s clusters', async () => {
    await expect(
      start('scripts/demo-host.ts', ['--seed-stdin'], JSON.stringify({ clusters: [ATTACK] }), {}),
    ).rejects.toThrow(/exited with 1: .*PVEDESK_HOME .*is not empty/s)
  })
})

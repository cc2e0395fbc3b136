// Stopping a worker that ignores SIGTERM, as pve-common RESTEnvironment.pm `$kill_process_group` does it: SIGTERM,
// up to 5 s for the process to go, then SIGKILL. Killed, the worker writes no end line, so PVE::UPID
// `read_status` reads `unexpected status`, and no cleanup releases its lock. The control API's `ignoreSigterm`
// makes such a task.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { call, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'

let sim: Simulator
let km4: SimEndpoint
let root: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const endpoint = sim.info.clusters[0]?.endpoints[0]
  if (endpoint === undefined) throw new Error('scenario missing')
  km4 = endpoint
  root = await login(km4, 'root@pam', 'pvedesk-demo')
})

afterEach(async () => {
  await sim.reset()
  root = await login(km4, 'root@pam', 'pvedesk-demo')
})

afterAll(async () => {
  await sim.dispose()
})

async function control(path: string, body: unknown): Promise<{ status: number; body: Entry }> {
  const res = await fetch(`${sim.info.control}${path}`, { method: 'POST', body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as Entry }
}

const taskPath = (upid: string): string =>
  `/nodes/${upid.split(':')[1] ?? ''}/tasks/${encodeURIComponent(upid)}`
const status = async (upid: string): Promise<Entry> =>
  (await call(km4, root, 'GET', `${taskPath(upid)}/status`)).data as Entry
const log = async (upid: string): Promise<string[]> =>
  ((await call(km4, root, 'GET', `${taskPath(upid)}/log?limit=0`)).data as Entry[]).map((l) => String(l.t))
const stop = async (upid: string): Promise<number> => (await call(km4, root, 'DELETE', taskPath(upid))).status

async function started(body: Entry): Promise<string> {
  const answer = await control('/clusters/ace-prod/tasks', body)
  expect(answer.status).toBe(200)
  return String(answer.body.upid)
}

describe('stopping a task that ignores SIGTERM', () => {
  it('runs on for 5 s after the stop, then is killed: `unexpected status`, no TASK line', async () => {
    const upid = await started({ type: 'srvreload', node: 'km4-pve1', seconds: 600, ignoreSigterm: true })
    sim.advanceClock(1)
    expect(await stop(upid)).toBe(200)
    sim.advanceClock(4.5)
    expect(await status(upid)).toMatchObject({ status: 'running' })
    // A second stop meanwhile does not put the SIGKILL off.
    expect(await stop(upid)).toBe(200)
    sim.advanceClock(1)
    const ended = await status(upid)
    expect(ended).toMatchObject({ status: 'stopped', exitstatus: 'unexpected status' })
    expect((await log(upid)).some((l) => l.startsWith('TASK '))).toBe(false)
    const row = ((await call(km4, root, 'GET', '/cluster/tasks')).data as Entry[]).find(
      (r) => r.upid === upid,
    )
    expect(row).toMatchObject({ status: 'unexpected status' })
  })

  it('keeps the lock of a killed worker, where a stop that is heard releases it', async () => {
    const upid = await started({ action: 'vzdump', vmid: 106, ignoreSigterm: true })
    sim.advanceClock(2)
    const lock = async (): Promise<unknown> =>
      ((await call(km4, root, 'GET', '/nodes/km4-pve1/qemu/106/status/current')).data as Entry).lock
    expect(await lock()).toBe('backup')
    await stop(upid)
    sim.advanceClock(6)
    expect(await status(upid)).toMatchObject({ exitstatus: 'unexpected status' })
    expect(await lock()).toBe('backup')
    expect(await log(upid)).not.toContain('ERROR: Backup of VM 106 failed - interrupted by signal')
  })

  it('ends on its own when its work is done within the 5 s', async () => {
    const upid = await started({ type: 'aptupdate', node: 'km4-pve1', seconds: 3, ignoreSigterm: true })
    await stop(upid)
    sim.advanceClock(10)
    expect(await status(upid)).toMatchObject({ exitstatus: 'OK' })
    expect((await log(upid)).at(-1)).toBe('TASK OK')
  })

  it('is refused as a control body when ignoreSigterm is no boolean', async () => {
    const answer = await control('/clusters/ace-prod/tasks', {
      type: 'srvreload',
      node: 'km4-pve1',
      ignoreSigterm: 'yes',
    })
    expect(answer.status).toBe(400)
  })
})

import { describe, expect, it } from 'vitest'

import { fakeEndpoint } from '../../../tests/support/fake-console-server'
import { taskOutcome, unavailableAtStart } from './console-endpoint'

const UPID = 'UPID:pve1:00001234:00005678:6650A1F3:vncshell::root@pam:'

function endpoint(): ReturnType<typeof fakeEndpoint> {
  return fakeEndpoint(
    { url: 'https://127.0.0.1:9' },
    {
      [`GET /nodes/pve1/tasks/${encodeURIComponent(UPID)}/status`]: { status: 'stopped', exitstatus: 'OK' },
      [`GET /nodes/pve1/tasks/${encodeURIComponent(UPID)}/log`]: [{ t: 'TASK OK' }],
    },
  )
}

describe('taskOutcome', () => {
  it('reads the task of a console on its own node, the UPID encoded in the path', async () => {
    const e = endpoint()
    expect(await taskOutcome(e, UPID, 'pve1', undefined, 1, 0)).toEqual({
      exitstatus: 'OK',
      log: ['TASK OK'],
    })
    expect(e.calls).toEqual([
      `GET /nodes/pve1/tasks/${encodeURIComponent(UPID)}/status`,
      `GET /nodes/pve1/tasks/${encodeURIComponent(UPID)}/log`,
    ])
  })

  it('asks nothing for a UPID that is not one, or not of the console’s node', async () => {
    const hostile = [
      // A path of its own in the node's place: /nodes/../access/users/... on the session.
      'UPID:../access/users/root@pam?x=:00001234:00005678:6650A1F3:vncshell::root@pam:',
      'UPID:pve1/../../cluster/config:00001234:00005678:6650A1F3:vncshell::root@pam:',
      'UPID:pve1:00001234:00005678:6650A1F3:vncshell::root@pam:/../../../cluster',
      'UPID:pve1:zz:00005678:6650A1F3:vncshell::root@pam:',
      // Well formed, but of another node: not where this console ran.
      'UPID:pve9:00001234:00005678:6650A1F3:vncshell::root@pam:',
      'pve1',
      '',
    ]
    for (const upid of hostile) {
      const e = endpoint()
      expect(await taskOutcome(e, upid, 'pve1', undefined, 1, 0)).toBeUndefined()
      expect(e.calls).toEqual([])
    }
  })
})

describe('unavailableAtStart', () => {
  const failed =
    "command '/usr/bin/termproxy 5900 --path /vms/120 -- /usr/sbin/qm terminal 120' failed: exit code 1"
  const ptyGone = 'error reading from pty: Input/output error (os error 5)'

  it('finds why in a short guest terminal’s output when its task failed (qm terminal prints it on the PTY)', () => {
    const error = unavailableAtStart(
      { exitstatus: failed, log: [ptyGone] },
      'unable to find a serial interface\r\n',
    )
    expect(error?.toShape()).toMatchObject({
      code: 'console_unavailable',
      message: 'unable to find a serial interface',
      detail: { reason: 'no_serial', exitstatus: failed },
    })
    const lxc = unavailableAtStart(
      undefined,
      'lxc-console: 130: lxc_console_main: 130 130 is not running\r\n\x1b[999H\r\n[EOF - dtach terminating]\r\n',
    )
    expect(lxc?.detail).toEqual({ reason: 'not_running' })
    expect(unavailableAtStart({ log: ['VM 104 not running'], exitstatus: 'x' }, undefined)?.detail).toEqual({
      reason: 'not_running',
      exitstatus: 'x',
    })
  })

  it('leaves an ordinary end alone: a shell’s exit fails termproxy too, and a task that ended OK says nothing', () => {
    // A node shell (no output looked at) after `exit`.
    expect(unavailableAtStart({ exitstatus: failed, log: [ptyGone] }, undefined)).toBeUndefined()
    expect(
      unavailableAtStart({ exitstatus: 'OK', log: [] }, 'unable to find a serial interface\r\n'),
    ).toBeUndefined()
    expect(unavailableAtStart(undefined, 'starting serial terminal on interface serial0\r\n')).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'

import { fakeEndpoint } from '../../../tests/support/fake-console-server'
import { taskOutcome } from './console-endpoint'

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

import { describe, expect, it } from 'vitest'

import { GuestSummaryPanel } from '../../../shared/model/panels'
import { fakeAccess, guestOf, hang, pveRefusal } from './fake-access.testing'
import { addressesOf } from './guest-agent'
import { readGuestSummary } from './guest-summary'

const chart = { timeframe: 'hour', cf: 'AVERAGE' } as const
const running = {
  status: 'running',
  qmpstatus: 'running',
  agent: 1,
  cpu: 0.12,
  cpus: 4,
  mem: 1024,
  maxmem: 4096,
}
const osinfo = {
  result: {
    'pretty-name': 'Debian GNU/Linux 12 (bookworm)',
    version: '12',
    'kernel-release': '6.1.0-18-amd64',
  },
}
const interfaces = {
  result: [
    {
      name: 'lo',
      'hardware-address': '00:00:00:00:00:00',
      'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 }],
    },
    {
      name: 'eth0',
      'hardware-address': 'bc:24:11:2e:4a:01',
      'ip-addresses': [
        { 'ip-address': '10.1.0.11', 'ip-address-type': 'ipv4', prefix: 24 },
        { 'ip-address': 'fe80::be24:11ff:fe2e:4a01', 'ip-address-type': 'ipv6', prefix: 64 },
      ],
    },
  ],
}
const rrd = [
  { time: 60, cpu: 0.1, maxcpu: 4 },
  { time: 120, maxcpu: 4 },
]

describe('guest summary', () => {
  it('a running VM with its agent: figures, RRD with gaps as null, OS and addresses', async () => {
    const { access, calls } = fakeAccess({
      '/status/current': running,
      '/rrddata': rrd,
      '/agent/get-osinfo': osinfo,
      '/agent/network-get-interfaces': interfaces,
    })
    const panel = GuestSummaryPanel.parse(await readGuestSummary(access, 101, chart))
    expect(panel.current).toMatchObject({ status: 'running', cpu: 0.12, agentEnabled: true })
    expect(panel.rrd.series.cpu).toEqual([0.1, null])
    expect(panel.agent).toMatchObject({
      state: 'ok',
      osName: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-18-amd64',
    })
    expect(addressesOf(panel.agent.interfaces)).toEqual(['10.1.0.11', 'fe80::be24:11ff:fe2e:4a01'])
    expect(panel.gaps).toEqual([])
    expect(calls.find((c) => c.path.endsWith('/rrddata'))?.params).toEqual({
      timeframe: 'hour',
      cf: 'AVERAGE',
    })
  })

  it('an agent that hangs is `no_answer` once its deadline passes, not a gap; the timer does not outlive it', async () => {
    const { access, calls } = fakeAccess({
      '/status/current': running,
      '/rrddata': rrd,
      '/agent/get-osinfo': hang,
      '/agent/network-get-interfaces': hang,
    })
    const panel = await readGuestSummary(access, 101, chart, undefined, { agentDeadlineMs: 20 })
    expect(panel.agent).toEqual({ state: 'no_answer', interfaces: [] })
    expect(panel.gaps).toEqual([])
    // Each agent call was aborted at its deadline: nothing of it is left in flight.
    expect(calls.filter((c) => c.path.includes('/agent/')).every((c) => c.signal?.aborted === true)).toBe(
      true,
    )
  })

  it("PVE's agent words: not configured is `off`, not running (paused VM) is `no_answer`", async () => {
    const off = fakeAccess({
      '/status/current': { status: 'running' },
      '/rrddata': [],
      '/agent/get-osinfo': pveRefusal(500, 'No QEMU guest agent configured'),
      '/agent/network-get-interfaces': pveRefusal(500, 'No QEMU guest agent configured'),
    })
    expect((await readGuestSummary(off.access, 101, chart)).agent.state).toBe('off')
    const silent = fakeAccess({
      '/status/current': running,
      '/rrddata': [],
      '/agent': pveRefusal(500, 'QEMU guest agent is not running'),
    })
    expect((await readGuestSummary(silent.access, 101, chart)).agent.state).toBe('no_answer')
  })

  it('asks no agent of a stopped guest, of a VM without `agent: 1`, of a paused VM', async () => {
    for (const status of [
      { status: 'stopped', agent: 1 },
      { status: 'running', agent: 0 },
      { status: 'running', qmpstatus: 'paused', agent: 1 },
    ]) {
      const { access, calls } = fakeAccess({ '/status/current': status, '/rrddata': [], '/agent': hang })
      const panel = await readGuestSummary(access, 101, chart)
      expect(calls.some((c) => c.path.includes('/agent/'))).toBe(false)
      expect(panel.agent.state).toBe(
        status.status === 'stopped' ? 'not_running' : status.agent === 0 ? 'off' : 'no_answer',
      )
    }
  })

  it('a 403 on rrddata is a gap with PVE’s message; the figures still show', async () => {
    const { access } = fakeAccess({
      '/status/current': { ...running, agent: 0 },
      '/rrddata': pveRefusal(403, 'Permission check failed (/vms/101, VM.Audit)'),
    })
    const panel = await readGuestSummary(access, 101, chart)
    expect(panel.current.cpu).toBe(0.12)
    expect(panel.rrd).toEqual({ timeframe: 'hour', cf: 'AVERAGE', time: [], series: {} })
    expect(panel.gaps).toEqual([
      {
        part: 'rrddata',
        error: { code: 'forbidden', clusterId: 'c', message: 'Permission check failed (/vms/101, VM.Audit)' },
      },
    ])
  })

  it('a 403 on the agent is a gap (the privilege is missing), its state no_answer', async () => {
    const { access } = fakeAccess({
      '/status/current': running,
      '/rrddata': [],
      '/agent': pveRefusal(403, 'Permission check failed (/vms/101, VM.GuestAgent.Audit)'),
    })
    const panel = await readGuestSummary(access, 101, chart)
    expect(panel.agent.state).toBe('no_answer')
    expect(panel.gaps.map((g) => [g.part, g.error.code])).toEqual([
      ['agent-osinfo', 'forbidden'],
      ['agent-interfaces', 'forbidden'],
    ])
  })

  it('a container: its interfaces from the node (old inet/inet6 form too), no agent needed', async () => {
    const { access, calls } = fakeAccess(
      {
        '/status/current': { status: 'running' },
        '/rrddata': [],
        '/interfaces': [
          { name: 'lo', hwaddr: '00:00:00:00:00:00', inet: '127.0.0.1/8' },
          { name: 'eth0', hwaddr: 'bc:24:11:00:00:02', inet: '10.1.0.53/24', inet6: 'fe80::1/64' },
          {
            name: 'eth1',
            hwaddr: 'bc:24:11:00:00:03',
            'ip-addresses': [
              { 'ip-address-type': 'inet', 'ip-address': '10.2.0.53', prefix: 24 },
              { 'ip-address-type': 'inet6', 'ip-address': '2001:db8::53', prefix: 64 },
            ],
          },
        ],
      },
      guestOf('lxc', 113),
    )
    const panel = await readGuestSummary(access, 113, chart)
    expect(panel.agent.state).toBe('ok')
    expect(panel.agent.interfaces[1]).toEqual({
      name: 'eth0',
      mac: 'bc:24:11:00:00:02',
      addresses: [
        { address: '10.1.0.53', family: 'ipv4', prefix: 24 },
        { address: 'fe80::1', family: 'ipv6', prefix: 64 },
      ],
    })
    // pve-container's iproute2 families (`inet`, `inet6`) read as the agent's.
    expect(addressesOf(panel.agent.interfaces)).toEqual(['10.1.0.53', 'fe80::1', '10.2.0.53', '2001:db8::53'])
    expect(calls.map((c) => c.path)).toContain('/nodes/km4-pve1/lxc/113/interfaces')
  })

  it('cancelled while the agent hangs: the read ends cancelled and its calls are aborted', async () => {
    const controller = new AbortController()
    const { access, calls } = fakeAccess({
      '/status/current': running,
      '/rrddata': hang,
      '/agent': (c: { signal?: AbortSignal }) => {
        queueMicrotask(() => controller.abort())
        return hang(c)
      },
    })
    await expect(readGuestSummary(access, 101, chart, controller.signal)).rejects.toMatchObject({
      code: 'cancelled',
    })
    expect(calls.every((c) => c.signal?.aborted === true)).toBe(true)
  })

  it('a failed status/current fails the panel', async () => {
    const { access } = fakeAccess({
      '/status/current': pveRefusal(403, 'Permission check failed'),
      '/rrddata': [],
    })
    await expect(readGuestSummary(access, 101, chart)).rejects.toMatchObject({ code: 'forbidden' })
  })
})

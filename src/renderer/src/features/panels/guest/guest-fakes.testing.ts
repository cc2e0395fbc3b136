// Test-only: fake guest panel answers and a fake bridge that records calls and cancellations.
import type { CallOptions, PveDeskApi } from '../../../../../shared/ipc/api'
import type { Result } from '../../../../../shared/ipc/errors'
import type {
  GuestBackupsPanel,
  GuestConfigPanel,
  GuestSummaryPanel,
  TaskHistoryPanel,
} from '../../../../../shared/model/panels'

export const SUMMARY: GuestSummaryPanel = {
  current: {
    status: 'running',
    qmpstatus: 'running',
    cpu: 0.2,
    cpus: 4,
    runningQemu: '9.2.0',
    runningMachine: 'pc-q35-9.2+pve1',
    ha: { managed: true, state: 'started', group: 'prod' },
    agentEnabled: true,
  },
  rrd: {
    timeframe: 'hour',
    cf: 'AVERAGE',
    time: [1_700_000_000, 1_700_000_060, 1_700_000_120],
    series: {
      cpu: [0.1, null, 0.43],
      mem: [1e9, 1.2e9, 1.1e9],
      maxmem: [4e9, 4e9, 4e9],
      netin: [1000, 2000, 3000],
      netout: [100, 200, 300],
      diskread: [0, 10, 20],
      diskwrite: [5, 5, 5],
    },
  },
  agent: {
    state: 'ok',
    osName: 'Debian GNU/Linux',
    osVersion: '12 (bookworm)',
    kernel: '6.1.0-18-amd64',
    hostname: 'web-01',
    interfaces: [
      { name: 'lo', addresses: [{ address: '127.0.0.1', prefix: 8, family: 'ipv4' }] },
      {
        name: 'eth0',
        mac: 'bc:24:11:00:00:01',
        addresses: [
          { address: '10.20.0.11', prefix: 24, family: 'ipv4' },
          { address: 'fe80::1', prefix: 64, family: 'ipv6' },
        ],
      },
    ],
  },
  gaps: [],
}

export const CONFIG: GuestConfigPanel = {
  entries: [
    { key: 'boot', value: 'order=scsi0' },
    { key: 'cores', value: '2', pending: '4' },
    { key: 'memory', value: '4096' },
    { key: 'net0', value: 'virtio=BC:24:11:00:00:01,bridge=vmbr0,tag=20' },
    { key: 'onboot', value: '1', delete: true },
    { key: 'scsi0', value: 'local-lvm:vm-100-disk-0,size=32G' },
    { key: 'description', value: 'notes' },
  ],
  disks: [
    {
      key: 'scsi0',
      volume: 'local-lvm:vm-100-disk-0',
      storage: 'local-lvm',
      size: '32G',
      sizeBytes: 32 * 1024 ** 3,
      options: 'discard=on',
      pending: false,
    },
  ],
  nics: [
    {
      key: 'net0',
      model: 'virtio',
      mac: 'BC:24:11:00:00:01',
      bridge: 'vmbr0',
      tag: 20,
      firewall: true,
      linkDown: true,
      options: '',
      pending: false,
    },
  ],
  notes: '# Web\n\n<img src=x onerror="window.pwned=1">\n\n[evil](javascript:window.pwned=2)',
}

export const BACKUPS: GuestBackupsPanel = {
  backups: [
    {
      volid: 'pbs:backup/vm/100/2026-11-29T01:00:00Z',
      storage: 'pbs',
      ctime: 1_764_378_000,
      size: 5 * 1024 ** 3,
      format: 'pbs-vm',
      protected: true,
      verification: { state: 'failed', upid: 'UPID:pbs:1' },
      notes: 'before upgrade',
    },
    {
      volid: 'local:backup/vzdump-qemu-100-2026_11_28-01_00_00.vma.zst',
      storage: 'local',
      ctime: 1_764_291_600,
      size: 4 * 1024 ** 3,
      format: 'vma.zst',
      protected: false,
    },
  ],
  storages: ['local', 'pbs', 'nfs-old'],
  gaps: [{ part: 'nfs-old', error: { code: 'unreachable', message: 'storage nfs-old is not online' } }],
}

export const TASKS: TaskHistoryPanel = {
  tasks: [
    {
      key: 'c1/UPID:n1:1',
      clusterId: 'c1',
      upid: 'UPID:n1:0000AAAA:0000BBBB:6920A000:qmstart:100:root@pam:',
      node: 'n1',
      type: 'qmstart',
      id: '100',
      user: 'root@pam',
      starttime: 1_764_000_000,
      endtime: 1_764_000_004,
      state: 'ok',
      exitstatus: 'OK',
      mine: false,
      vmid: 100,
    },
  ],
  total: 1,
}

type Answer = Result<unknown> | (() => Promise<Result<unknown>>)

export interface FakeBridge {
  api: PveDeskApi
  /** `panelGuestSummary 100` per call, in order. */
  calls: string[]
  cancelled: string[]
  answers: Record<string, Answer>
}

/**
 * A bridge whose `panel*` methods answer from `answers` (a value, or a function for a slow or failing one), record
 * each call with its vmid, and record a cancellation when the caller cancels; everything else stays quiet.
 */
export function fakeBridge(answers: Record<string, Answer>): FakeBridge {
  const fake: FakeBridge = { api: {} as PveDeskApi, calls: [], cancelled: [], answers }
  fake.api = new Proxy({} as PveDeskApi, {
    get: (_target, name) => {
      if (typeof name !== 'string') return undefined
      if (name.startsWith('on')) return () => () => undefined
      return (request: { vmid?: number } | undefined, options?: CallOptions) => {
        const label = `${name} ${request?.vmid ?? ''}`.trim()
        if (!name.startsWith('panel')) return new Promise(() => undefined)
        fake.calls.push(label)
        options?.cancellation?.(() => fake.cancelled.push(label))
        const answer = fake.answers[name]
        if (answer === undefined) return new Promise(() => undefined)
        return typeof answer === 'function' ? answer() : Promise.resolve(answer)
      }
    },
  })
  return fake
}

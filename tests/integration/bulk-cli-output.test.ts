import { describe, expect, it } from 'vitest'

import type { BulkPlan, BulkPlanEntry } from '../../src/shared/model/bulk'
import { printPlan, skipCountsLine } from '../../src/cli/bulk-output'

const entry = (vmid: number, patch: Partial<BulkPlanEntry> = {}): BulkPlanEntry => ({
  key: `ace/qemu/${vmid}`,
  clusterId: 'ace',
  vmid,
  name: `g${vmid}`,
  type: 'qemu',
  node: 'km4-pve1',
  site: 'Km4',
  run: true,
  ...patch,
})

describe('pvedesk bulk --dry-run: skips counted per reason', () => {
  it('counts each reason once whatever its detail, most first', () => {
    expect(
      skipCountsLine([
        entry(1, { run: false, skip: 'forbidden', detail: 'VM.PowerMgmt' }),
        entry(2, { run: false, skip: 'already' }),
        entry(3),
        entry(4, { run: false, skip: 'already' }),
        entry(5, { run: false, skip: 'local_disks', detail: 'local-lvm:vm-5-disk-0' }),
        entry(6, { run: false, skip: 'already' }),
        entry(7, { run: false, skip: 'forbidden', detail: 'VM.Migrate' }),
      ]),
    ).toBe('6 skipped: 3 already in that state, 2 no permission, 1 local disks to copy')
    expect(skipCountsLine([entry(1)])).toBeUndefined()
  })

  it('prints the counts under each group that skips, the totals last', () => {
    const plan: BulkPlan = {
      planId: 'p',
      action: { kind: 'migrate', targets: { ace: 'km4-pve2' }, online: true },
      concurrency: 4,
      entries: [
        entry(100, { target: 'km4-pve2' }),
        entry(101, {
          run: false,
          skip: 'local_disks',
          detail: 'local-lvm:vm-101-disk-0',
          target: 'km4-pve2',
        }),
        entry(300, { site: 'VITIB', node: 'vitib-pve1', target: 'km4-pve2' }),
      ],
    }
    const lines: string[] = []
    printPlan({ out: (l) => lines.push(l) }, plan)
    expect(lines).toEqual([
      'ace / Km4',
      '  run   ace/100 g100  on km4-pve1 → km4-pve2',
      '  skip  ace/101 g101  on km4-pve1: local disks to copy (local-lvm:vm-101-disk-0)',
      '  1 skipped: 1 local disks to copy',
      'ace / VITIB',
      '  run   ace/300 g300  on vitib-pve1 → km4-pve2',
      'migrate: 2 to run, 1 skipped, at most 4 at a time per cluster',
    ])
  })
})

import { describe, expect, it } from 'vitest'

import { defaultDrTargets } from '../../shared/model/dr'
import { readDrTargets } from './dr-targets-file'

describe('readDrTargets', () => {
  it('gives the seed targets without a dr section', () => {
    expect(readDrTargets(undefined)).toEqual({ targets: defaultDrTargets(), problems: [] })
  })

  it('reads field by field: a bad rule costs only itself, a bad warnAt only itself', () => {
    const { targets, problems } = readDrTargets({
      rules: [
        { scope: 'pool', value: 'erp', replicaMinutes: 15 },
        { scope: 'vm', value: 'x' },
        { scope: 'tag', value: 'prod', backupHours: -3 },
      ],
      warnAt: 7,
      storageSites: [{ storage: 'pbs-yakro', site: 'Yamoussoukro' }, 'nope'],
      theem: 1,
    })
    expect(targets.rules).toEqual([{ scope: 'pool', value: 'erp', replicaMinutes: 15 }])
    expect(targets.warnAt).toBe(0.8)
    expect(targets.storageSites).toEqual([{ storage: 'pbs-yakro', site: 'Yamoussoukro' }])
    expect(problems).toEqual([
      'dr: unknown keys "theem" left out',
      'dr.rules[1]: an object cannot be read, left out',
      'dr.rules[2]: an object cannot be read, left out',
      'dr.warnAt: 7 is not a fraction 0.1–1, 0.8 is used',
      'dr.storageSites[1]: "nope" cannot be read, left out',
    ])
  })

  it('refuses a huge list by its length, and a non-object, with the defaults', () => {
    const huge = readDrTargets({
      rules: Array.from({ length: 1_000_000 }, () => ({ scope: 'tag', value: 'p' })),
    })
    expect(huge.targets.rules).toEqual(defaultDrTargets().rules)
    expect(huge.problems).toEqual(['dr.rules: 1000000 entries, more than 200: the default is used'])
    expect(readDrTargets([1]).problems).toEqual(['dr: not an object (a list), the default targets are used'])
  })

  it('keeps an empty rules list (the operator removed every target)', () => {
    expect(readDrTargets({ rules: [] }).targets.rules).toEqual([])
  })
})

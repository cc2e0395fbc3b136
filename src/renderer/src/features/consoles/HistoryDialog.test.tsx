import { beforeAll, describe, expect, it } from 'vitest'

import type { ConsoleRecord } from '../../../../shared/model/console'
import type { TFunction } from 'i18next'

import { initI18n } from '../../i18n'
import { recordEnd } from './HistoryDialog'

describe('the record of console sessions', () => {
  let t: TFunction
  beforeAll(async () => {
    t = (await initI18n('en-GB')).t
  })

  it('says how a session failed in words, not only PVE’s raw message', () => {
    const record = {
      endReason: 'failed',
      error: {
        code: 'console_unavailable',
        message: 'unable to find a serial interface',
        detail: { reason: 'no_serial' },
      },
    } as unknown as ConsoleRecord
    const text = recordEnd(record, t)
    expect(text).toContain('serial0')
    expect(text).toContain('unable to find a serial interface')
  })
})

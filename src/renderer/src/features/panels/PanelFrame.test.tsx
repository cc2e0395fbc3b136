import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { ReactElement } from 'react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { AppError } from '../../../../shared/ipc/errors'
import type { PanelGap } from '../../../../shared/model/panels'
import { initI18n } from '../../i18n'
import { PanelFrame } from './PanelFrame'
import type { PanelQuery } from './use-panel-query'

type Answer = { text: string; gaps: PanelGap[] }
const refused = new AppError({ code: 'forbidden', message: 'Permission check failed (/vms/101, VM.Audit)' })

function frame(query: Partial<PanelQuery<Answer>>): ReactElement {
  const full: PanelQuery<Answer> = {
    value: undefined,
    error: undefined,
    loading: false,
    at: undefined,
    refresh: () => undefined,
    ...query,
  }
  return (
    <MantineProvider>
      <PanelFrame query={full}>{(value) => <p>{value.text}</p>}</PanelFrame>
    </MantineProvider>
  )
}

describe('PanelFrame', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  afterEach(cleanup)

  it('shows PVE’s refusal with Retry when there is no answer, and Retry asks again', () => {
    const refresh = vi.fn()
    render(frame({ error: refused, refresh }))
    expect(screen.getByText('This panel could not be read.')).toBeTruthy()
    expect(screen.getByText('Permission check failed (/vms/101, VM.Audit)')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('keeps the last answer after a failed refresh, saying as of when, with the error', () => {
    const at = new Date(2026, 11, 1, 14, 5, 9).getTime()
    render(frame({ value: { text: 'the figures', gaps: [] }, error: refused, at }))
    expect(screen.getByText('the figures')).toBeTruthy()
    expect(screen.getByRole('status').textContent).toContain('As of 14:05:09')
    expect(screen.getByRole('status').textContent).toContain('VM.Audit')
  })

  it('lists the parts that could not be read under the rest', () => {
    const gap: PanelGap = {
      part: 'pbs-offsite',
      error: { code: 'unreachable', message: 'storage pbs-offsite is not online' },
    }
    render(frame({ value: { text: 'three backups', gaps: [gap] } }))
    expect(screen.getByText('three backups')).toBeTruthy()
    expect(screen.getByTestId('panel-gaps').textContent).toContain(
      'pbs-offsite: storage pbs-offsite is not online',
    )
  })

  it('before the first answer a skeleton, no content; once answered, Refresh asks again', () => {
    const refresh = vi.fn()
    const view = render(frame({ loading: true, refresh }))
    expect(screen.getByLabelText('Reading from the cluster…')).toBeTruthy()
    view.rerender(frame({ value: { text: 'the figures', gaps: [] }, refresh }))
    expect(screen.queryByLabelText('Reading from the cluster…')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    expect(refresh).toHaveBeenCalledTimes(1)
  })
})

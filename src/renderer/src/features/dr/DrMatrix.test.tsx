import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { initI18n } from '../../i18n'
import { DrMatrix } from './DrMatrix'
import { drReport, drRow, mixedReport } from './dr-fixtures'

// happy-dom lays nothing out: the virtualizer is given a 700 px tall viewport to fill.
const realHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')

describe('the DR matrix', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 700 })
  })
  afterAll(() => {
    if (realHeight !== undefined) Object.defineProperty(HTMLElement.prototype, 'clientHeight', realHeight)
  })
  afterEach(cleanup)

  const renderMatrix = (report = mixedReport(), onChoose = vi.fn()): typeof onChoose => {
    render(
      <MantineProvider>
        <DrMatrix report={report} onChoose={onChoose} />
      </MantineProvider>,
    )
    return onChoose
  }
  const rowNames = (): string[] =>
    screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.getAttribute('aria-label') ?? '')

  it('lists rated guests red first, each level in words, with the reason and its figures', () => {
    renderMatrix()
    expect(rowNames()).toEqual([
      'naorlo-web01 (101) · Rouge',
      'naorlo-web02 (102) · Orange',
      'naorlo-app01 (103) · Vert',
    ])
    const red = screen.getByTestId('dr-row-ace-prod-101')
    expect(within(red).getByText('Rouge')).toBeTruthy()
    expect(red.textContent).toContain('Réplica en retard : 47 min (objectif 30 min)')
    expect(red.textContent).toContain('→ vitib-pve1 (VITIB)')
    expect(red.textContent).toContain('objectif venant de tag:prod')
    expect(screen.getByTestId('dr-row-ace-prod-103').textContent).toContain(
      'sur pbs-yakro (site Yamoussoukro)',
    )
  })

  it('shows a hostile error text as text, never as markup', () => {
    renderMatrix()
    const amber = screen.getByTestId('dr-row-ace-prod-102')
    expect(amber.textContent).toContain('<script>alert(1)</script> no space left')
    expect(document.querySelector('script')).toBeNull()
  })

  it('lists untargeted guests behind « Tous les invités »', () => {
    renderMatrix()
    expect(screen.queryByTestId('dr-row-ace-prod-110')).toBeNull()
    fireEvent.click(screen.getByRole('switch', { name: /Tous les invités/ }))
    const none = screen.getByTestId('dr-row-ace-prod-110')
    expect(none.textContent).toContain('Sans objectif')
    expect(none.textContent).toContain('aucun objectif ne s’applique')
  })

  it('hides a level whose chip is turned off, and filters with the search syntax', async () => {
    renderMatrix()
    fireEvent.click(screen.getByRole('checkbox', { name: /Rouge/ }))
    expect(rowNames()).toEqual(['naorlo-web02 (102) · Orange', 'naorlo-app01 (103) · Vert'])
    fireEvent.change(screen.getByTestId('dr-search'), { target: { value: 'node:km4-pve2' } })
    await act(async () => {
      await Promise.resolve()
    })
    expect(rowNames()).toEqual(['naorlo-web02 (102) · Orange'])
    expect(screen.getByTestId('dr-shown').textContent).toBe('1 invité affiché')
  })

  it('chooses a row by a click and by Enter', () => {
    const onChoose = renderMatrix()
    fireEvent.click(screen.getByTestId('dr-row-ace-prod-102'))
    expect(onChoose).toHaveBeenLastCalledWith(expect.objectContaining({ key: 'ace-prod:102' }))
    fireEvent.keyDown(screen.getByTestId('dr-row-ace-prod-101'), { key: 'Enter' })
    expect(onChoose).toHaveBeenLastCalledWith(expect.objectContaining({ key: 'ace-prod:101' }))
  })

  it('renders only what the viewport shows of 10,000 guests', () => {
    const many = drReport(Array.from({ length: 10_000 }, (_, i) => drRow(1000 + i)))
    renderMatrix(many)
    const rows = screen.getAllByRole('row').length - 1
    expect(rows).toBeGreaterThan(0)
    expect(rows).toBeLessThan(60)
    expect(screen.getByTestId('dr-shown').textContent).toBe('10000 invités affichés')
  })
})

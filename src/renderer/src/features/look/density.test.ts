import { describe, expect, it } from 'vitest'

import { applyDensity, ROW_HEIGHTS } from './density'

describe('row density', () => {
  it('says the density and its row height on the element it is given', () => {
    const root = document.createElement('div')
    applyDensity('dense', root)
    expect(root.getAttribute('data-density')).toBe('dense')
    expect(root.style.getPropertyValue('--pd-row-height')).toBe(`${ROW_HEIGHTS.dense}px`)
    applyDensity('comfortable', root)
    expect(root.style.getPropertyValue('--pd-row-height')).toBe(`${ROW_HEIGHTS.comfortable}px`)
    expect(ROW_HEIGHTS.dense).toBeLessThan(ROW_HEIGHTS.comfortable)
  })
})

import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { initI18n } from '../../i18n'
import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { SearchBox } from './SearchBox'

function seed(): void {
  useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
  useFleetStore.getState().load({
    clusters: [
      clusterStateFixture('c1', [
        nodeFixture('c1', 'pve-a', 'Km4'),
        guestFixture({ vmid: 101, node: 'pve-a', tags: ['naorlo', 'prod'] }),
        guestFixture({ vmid: 102, node: 'pve-a', tags: ['naorlo'], status: 'stopped' }),
        guestFixture({ vmid: 103, node: 'pve-a', tags: ['dns'] }),
      ]),
    ],
  })
  useUiStore.setState({ filter: '' })
}

/** Types `text` as a keyboard does: a key down (which opens the list), then the new value. */
function type(box: HTMLInputElement, text: string): void {
  fireEvent.keyDown(box, { key: text.at(-1) ?? 'a', code: 'KeyA' })
  fireEvent.change(box, { target: { value: text } })
}
const key = (box: HTMLElement, k: string): void => {
  fireEvent.keyDown(box, { key: k, code: k })
}

describe('the search box', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
  })
  beforeEach(seed)
  afterEach(cleanup)

  const renderBox = (): HTMLInputElement => {
    render(
      <MantineProvider>
        <SearchBox />
      </MantineProvider>,
    )
    return screen.getByRole('textbox', { name: 'Search guests' })
  }

  it('suggests the fleet’s tags with their counts and applies one with ↓ and Enter', async () => {
    const box = renderBox()
    box.focus()
    type(box, 'status:stopped tag:na')
    const option = await screen.findByRole('option', { name: /naorlo/ })
    expect(option.textContent).toContain('2 guests')
    key(box, 'ArrowDown')
    await waitFor(() => expect(option.hasAttribute('data-combobox-selected')).toBe(true))
    key(box, 'Enter')
    expect(box.value).toBe('status:stopped tag:naorlo')
    expect(useUiStore.getState().filter).toBe('status:stopped tag:naorlo')
  })

  it('completes a field name with Tab, keeping the negation', async () => {
    const box = renderBox()
    box.focus()
    type(box, 'web -ta')
    await screen.findByRole('option', { name: /tag:/ })
    key(box, 'Tab')
    expect(box.value).toBe('web -tag:')
    expect(useUiStore.getState().filter).toBe('web -tag:')
  })

  it('says what does not read, in words, and marks the box', async () => {
    const box = renderBox()
    box.focus()
    type(box, 'colour:red')
    expect((await screen.findByTestId('search-problems')).textContent).toBe('unknown field “colour”')
    expect(box.getAttribute('aria-invalid')).toBe('true')
    const described = document.getElementById(box.getAttribute('aria-describedby') ?? '')
    expect(described?.textContent).toBe('unknown field “colour”')
  })

  it('says nothing of an empty value while it is being typed, and says it once the caret leaves it', async () => {
    const box = renderBox()
    box.focus()
    type(box, 'status:')
    await screen.findByRole('option', { name: /running/ })
    expect(screen.queryByTestId('search-problems')).toBeNull()
    expect(box.getAttribute('aria-invalid')).not.toBe('true')
    type(box, 'status: web')
    expect((await screen.findByTestId('search-problems')).textContent).toBe('empty value')
  })

  it('opens no list for a value set by code, and follows the store', async () => {
    const box = renderBox()
    fireEvent.change(box, { target: { value: 'tag:na' } })
    expect(screen.queryByRole('option')).toBeNull()
    useUiStore.getState().setFilter('web')
    await waitFor(() => expect(box.value).toBe('web'))
  })
})

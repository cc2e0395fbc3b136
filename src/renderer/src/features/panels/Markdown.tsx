import { Typography } from '@mantine/core'
import type { ReactElement } from 'react'
import { useLayoutEffect, useRef } from 'react'

import { notesFragment } from './markdown'

/**
 * Notes rendered as PVE renders them (markdown.ts says what is kept of a hostile note): the cleaned nodes are
 * put in place as they are, never through an HTML string the browser would parse again.
 */
export function Markdown({ text, testId }: { text: string; testId?: string }): ReactElement {
  const host = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    const target = host.current
    if (target === null) return
    try {
      target.replaceChildren(notesFragment(text))
    } catch {
      // A note the renderer cannot make safe is shown as what was typed, never as HTML.
      target.replaceChildren(document.createTextNode(text))
      target.style.whiteSpace = 'pre-wrap'
    }
  }, [text])
  return (
    <Typography className="pve-notes" data-testid={testId}>
      <div ref={host} />
    </Typography>
  )
}

import { describe, expect, it } from 'vitest'

import { notesHtml } from './markdown'

/** What a browser would make of the HTML: the DOM is what runs, not the string. */
function dom(html: string): HTMLElement {
  const host = document.createElement('div')
  host.innerHTML = html
  return host
}

describe('notes Markdown', () => {
  it('renders what PVE renders: GFM headings, lists, tables, code, emphasis', () => {
    const host = dom(
      notesHtml('# Web\n\n- **prod** _front_\n- `nginx`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~'),
    )
    expect(host.querySelector('h1')?.textContent).toBe('Web')
    expect(host.querySelectorAll('li')).toHaveLength(2)
    expect(host.querySelector('strong')?.textContent).toBe('prod')
    expect(host.querySelector('code')?.textContent).toBe('nginx')
    expect(host.querySelector('td')?.textContent).toBe('1')
    expect(host.querySelector('del')?.textContent).toBe('old')
  })

  it('keeps nothing that runs: script, event handlers, iframes, forms, svg, style', () => {
    const hostile = [
      '<script>window.pwned = 1</script>',
      '<img src="x" onerror="window.pwned = 2">',
      '<iframe src="https://evil.example/"></iframe>',
      '<form action="https://evil.example/"><input name="q" type="text"><button>go</button></form>',
      '<style>body { display: none }</style>',
      '<p style="position:fixed;inset:0" onclick="alert(1)">cover</p>',
      '<object data="x"></object><embed src="x"><link rel="stylesheet" href="x"><meta http-equiv="refresh">',
      // Foreign content last: how a test DOM parses what follows it is no matter of ours.
      '<svg><script>window.pwned = 3</script></svg>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    ].join('\n\n')
    const host = dom(notesHtml(hostile))
    expect(
      host.querySelector('script, iframe, form, svg, style, object, embed, link, meta, button, math, mglyph'),
    ).toBeNull()
    for (const element of host.querySelectorAll('*')) {
      for (const attr of element.attributes) expect(attr.name).not.toMatch(/^on|^style$|^action$/i)
    }
    // As PVE shows them: what was written, as text the reader can see.
    expect(host.textContent).toContain('<script>window.pwned = 1</script>')
    expect(host.querySelector('img')?.hasAttribute('src') ?? false).toBe(false)
    expect(host.querySelector('p[onclick], p[style]')).toBeNull()
    expect(host.textContent).toContain('cover')
  })

  it('keeps links only to http(s) and mailto, each opening outside the app', () => {
    const host = dom(
      notesHtml(
        [
          '[doc](https://pve.proxmox.com/wiki/Main_Page)',
          '[plain](http://intranet.example/)',
          '[mail](mailto:noc@example.com)',
          '[js](javascript:alert(1))',
          '[js2](JaVaScRiPt:alert(1))',
          '[data](data:text/html,<script>alert(1)</script>)',
          '<a href="vbscript:msgbox(1)">vb</a>',
          '<a href="#top" target="_top">frag</a>',
          '<a href="file:///etc/passwd">file</a>',
        ].join('\n\n'),
      ),
    )
    const links = [...host.querySelectorAll('a')]
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['doc', 'https://pve.proxmox.com/wiki/Main_Page'],
      ['plain', 'http://intranet.example/'],
      ['mail', 'mailto:noc@example.com'],
      ['js', null],
      ['js2', null],
      ['data', null],
      ['vb', null],
      ['frag', null],
      ['file', null],
    ])
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank')
      expect(a.getAttribute('rel')).toBe('noopener noreferrer')
    }
  })

  it('drops ids and names (no DOM clobbering) and remote images, keeps inline raster images', () => {
    const host = dom(
      notesHtml(
        '<div id="root" name="pveDesk">x</div>\n\n![remote](https://tracker.example/p.gif)\n\n' +
          '<img alt="dot" src="data:image/png;base64,iVBORw0KGgo=">\n\n<img alt="svg" src="data:image/svg+xml,<svg/>">',
      ),
    )
    expect(host.querySelector('[id], [name]')).toBeNull()
    const images = [...host.querySelectorAll('img')]
    expect(images.map((i) => [i.getAttribute('alt'), i.getAttribute('src')?.slice(0, 14) ?? null])).toEqual([
      ['remote', null],
      ['dot', 'data:image/png'],
      ['svg', null],
    ])
  })

  it('an empty note is empty, and a huge one is cut rather than parsed whole', () => {
    expect(notesHtml(undefined)).toBe('')
    expect(notesHtml('  \n')).toBe('')
    const html = notesHtml('a'.repeat(200_000))
    expect(html.length).toBeLessThan(70_000)
  })
})

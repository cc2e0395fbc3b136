import type { Config } from 'dompurify'
import DOMPurify from 'dompurify'
import { Marked } from 'marked'

/**
 * Guest and node notes to HTML as Proxmox's GUI renders them (proxmox-widget-toolkit src/Parser.js,
 * `Proxmox.Markdown.parse`: marked with GFM, no breaks, then an allow-list sanitizer), stricter where our window
 * needs it: a note is written by anyone with `VM.Config.Options` on any cluster, so it is hostile input.
 * - Only PVE's allowed HTML tags are elements; any other (script, style, iframe, form, svg, math…) shows as its
 *   own text, as PVE shows it. Attributes from PVE's list minus `id`/`name` (nothing in a note can clobber the
 *   app's DOM); no `style`, no handler.
 * - Links only to http(s) and mailto, always opening outside (`target=_blank`, `rel=noopener noreferrer`): main
 *   denies every new window and hands https to the system browser; the app window never navigates.
 * - Images only as inline raster `data:` (PVE's carve-out); a remote image would call a server from our window
 *   (the CSP blocks it too).
 */

const TAGS = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code',
  'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'input', 'ins', 'kbd', 'li', 'main', 'mark',
  'nav', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strong', 'sub',
  'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr',
] // prettier-ignore

const ATTRIBUTES = [
  'class', 'href', 'src', 'alt', 'align', 'valign', 'disabled', 'checked', 'start', 'type', 'target', 'colspan',
  'rowspan', 'title', 'width', 'height', 'dir',
] // prettier-ignore

const ATTRIBUTE_SET: ReadonlySet<string> = new Set(ATTRIBUTES)
const TAG_SET: ReadonlySet<string> = new Set(TAGS)
const LINK = /^\s*(?:https?:|mailto:)/i
/** PVE's `_imgDataMimeRE`: raster images only, no SVG through `data:`. */
const IMAGE_DATA = /^\s*data:image\/(?:png|gif|jpeg|jpg|webp|x-icon|vnd\.microsoft\.icon|bmp);/i
/** A note is at most 64 KiB in PVE (`description` maxLength); more is cut rather than parsed. */
const MAX_NOTES = 65_536

const marked = new Marked({ gfm: true, breaks: false, async: false })

/**
 * PVE's walker (`sanitizeHTML`): an element not on the list becomes its own text (the reader sees what was
 * written, nothing runs); attributes not on the list go; URLs are checked.
 */
function clean(node: Node): void {
  if (node.nodeType === Node.COMMENT_NODE) {
    node.parentNode?.removeChild(node)
    return
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return
  const element = node as Element
  const tag = element.tagName.toLowerCase()
  if (!TAG_SET.has(tag)) {
    element.replaceWith(element.ownerDocument.createTextNode(element.outerHTML))
    return
  }
  for (const attr of [...element.attributes]) {
    const name = attr.name.toLowerCase()
    if (!ATTRIBUTE_SET.has(name)) element.removeAttribute(attr.name)
    else if (name === 'href' && !(tag === 'a' && LINK.test(attr.value))) element.removeAttribute(attr.name)
    else if (name === 'src' && !(tag === 'img' && IMAGE_DATA.test(attr.value)))
      element.removeAttribute(attr.name)
  }
  if (tag === 'a') {
    element.setAttribute('target', '_blank')
    element.setAttribute('rel', 'noopener noreferrer')
  } else element.removeAttribute('target')
  // GFM task lists render `<input type=checkbox disabled>`: no other input, none to type in or submit.
  if (tag === 'input') {
    element.setAttribute('type', 'checkbox')
    element.setAttribute('disabled', '')
  }
  for (const child of [...element.childNodes]) clean(child)
}

const PURIFY_CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS: TAGS,
  ALLOWED_ATTR: [...ATTRIBUTES, 'rel'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|data:image\/)/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
}

let purifier: ReturnType<typeof DOMPurify> | null | undefined
/**
 * DOMPurify as a second gate where it works (Chromium): test DOMs (happy-dom) break its name lookups, so it is
 * used only once it sanitizes a known sample right; the walker above is the gate that is always there.
 */
function secondGate(): ReturnType<typeof DOMPurify> | null {
  if (purifier !== undefined) return purifier
  const instance = DOMPurify(window)
  const sample = instance.isSupported ? instance.sanitize('<b>ok</b><script>x</script>') : ''
  purifier = sample === '<b>ok</b>' ? instance : null
  return purifier
}

/** The note as safe DOM nodes, parsed once and never serialized back to HTML (no re-parse to mutate). */
export function notesFragment(markdown: string | undefined, doc: Document = document): DocumentFragment {
  const fragment = doc.createDocumentFragment()
  if (markdown === undefined || markdown.trim() === '') return fragment
  const html = marked.parse(markdown.slice(0, MAX_NOTES)) as string
  // An inert document: nothing in it loads or runs while it is cleaned.
  const parsed = new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${html}`, 'text/html')
  for (const child of [...parsed.body.childNodes]) clean(child)
  const gate = secondGate()
  // DOMPurify takes the walker's HTML as a string (its own parse is the one that is inserted, not re-parsed).
  const safe = gate === null ? parsed.body : gate.sanitize(parsed.body.innerHTML, PURIFY_CONFIG)
  for (const child of [...safe.childNodes]) fragment.appendChild(doc.importNode(child, true))
  return fragment
}

/** The note's safe HTML as text (tests, the inventory export); the app inserts {@link notesFragment}. */
export function notesHtml(markdown: string | undefined): string {
  const host = document.createElement('div')
  host.appendChild(notesFragment(markdown))
  return host.innerHTML
}

/**
 * Puts text on the clipboard: the asynchronous Clipboard API where the window may use it, else the older
 * copy command on a hidden text area (Electron's hardened session refuses clipboard permissions).
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    const focused = document.activeElement
    document.body.appendChild(area)
    area.select()
    // The deprecated command is the one that works without a permission, from a user's gesture.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const done = document.execCommand('copy')
    area.remove()
    if (focused instanceof HTMLElement) focused.focus()
    return done
  }
}

/** The clipboard's text when the window may read it, else undefined (the user then pastes by hand). */
export async function readClipboard(): Promise<string | undefined> {
  try {
    return await navigator.clipboard.readText()
  } catch {
    return undefined
  }
}

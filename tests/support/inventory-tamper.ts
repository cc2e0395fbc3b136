import { readFileSync, writeFileSync } from 'node:fs'

import yauzl from 'yauzl'
import yazl from 'yazl'

/** Every member of a ZIP, in order, with its bytes. */
export function zipMembers(path: string): Promise<{ name: string; data: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(readFileSync(path), { lazyEntries: true }, (error, zip) => {
      if (error !== null) {
        reject(error)
        return
      }
      const members: { name: string; data: Buffer }[] = []
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError !== null) {
            reject(streamError)
            return
          }
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('end', () => {
            members.push({ name: entry.fileName, data: Buffer.concat(chunks) })
            zip.readEntry()
          })
          stream.on('error', reject)
        })
      })
      zip.on('end', () => resolve(members))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

/**
 * What an attacker does to an inventory snapshot: unzips it, edits `member` (inventory.json by default) and zips
 * it again in the same order, as any ZIP tool would; manifest and signature are left as they were.
 */
export async function tamperInventoryFile(
  from: string,
  to: string,
  edit: (text: string) => string,
  member = 'inventory.json',
): Promise<void> {
  const members = await zipMembers(from)
  const zip = new yazl.ZipFile()
  let edited = false
  for (const { name, data } of members) {
    if (name === member) {
      const text = edit(data.toString('utf8'))
      edited = text !== data.toString('utf8')
      zip.addBuffer(Buffer.from(text, 'utf8'), name)
    } else zip.addBuffer(data, name)
  }
  if (!edited) throw new Error(`the edit changed nothing in ${member}`)
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  writeFileSync(to, Buffer.concat(chunks))
}

import { create } from 'zustand'

/** A diff's link that opened a file without its item: the item's subject, the file's id and name. */
export interface MissingItem {
  subject: string
  fileId: string
  file: string
}

/**
 * The one "not in this inventory snapshot" notice. Kept outside the diff dialog, which closes (with the files
 * panel around it) as the file opens.
 */
export const useMissingItem = create<{ missing: MissingItem | undefined }>()(() => ({ missing: undefined }))

export const noteMissingItem = (missing: MissingItem | undefined): void => {
  useMissingItem.setState({ missing })
}

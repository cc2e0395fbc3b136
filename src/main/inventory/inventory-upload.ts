import type { InventoryFileEntry } from '../../shared/ipc/domains/inventory'
import { MAX_INVENTORY_FILE_BYTES } from '../../shared/ipc/domains/inventory'
import { AppError } from '../../shared/ipc/errors'
import type { InventoryManifest } from '../../shared/model/inventory-snapshot'
import type { StreamPort } from '../ipc/stream-port'

export type UploadPort = StreamPort<Uint8Array | { end: true }, InventoryFileEntry>

/**
 * The bytes of all uploads under way together, at most one largest file: a renderer that opens many uploads
 * at once (32 streams are allowed) cannot make main hold many times the largest file.
 */
export class UploadBudget {
  private inFlight = 0

  constructor(private readonly limit = MAX_INVENTORY_FILE_BYTES) {}

  reserve(bytes: number): () => void {
    if (this.inFlight + bytes > this.limit) {
      throw new AppError({
        code: 'conflict',
        message: 'other inventory snapshot files are being uploaded: try again when they are done',
      })
    }
    this.inFlight += bytes
    let released = false
    return () => {
      if (released) return
      released = true
      this.inFlight -= bytes
    }
  }

  get reserved(): number {
    return this.inFlight
  }
}

export interface UploadDeps {
  budget: UploadBudget
  /** Verifies the whole file (`readInventoryFile({ buffer })`); throws `inventory_invalid` when it does not hold. */
  verify(buffer: Buffer): Promise<{ manifest: InventoryManifest }>
  /** Keeps the verified file and answers its entry (source `upload`). */
  keep(name: string, buffer: Buffer, manifest: InventoryManifest): InventoryFileEntry
}

/**
 * `inventory:upload`: a dropped file's bytes, then `{ end: true }`. Bounded by the size announced (itself at most
 * MAX_INVENTORY_FILE_BYTES): a byte more ends the stream with `invalid_request`, so does an end before all the
 * announced bytes came. A stream that ends before `{ end: true }` leaves nothing: the bytes go with it.
 */
export function receiveUpload(
  request: { name: string; size: number },
  port: UploadPort,
  deps: UploadDeps,
): void {
  const release = deps.budget.reserve(request.size)
  let chunks: Uint8Array[] = []
  let received = 0
  let ended = false
  const refuse = (message: string): void => {
    ended = true
    chunks = []
    release()
    port.close(new AppError({ code: 'invalid_request', message }))
  }
  port.signal.addEventListener(
    'abort',
    () => {
      ended = true
      chunks = []
      release()
    },
    { once: true },
  )
  port.onMessage((message) => {
    if (ended) return
    if (message instanceof Uint8Array) {
      received += message.byteLength
      if (received > request.size) {
        refuse(`more than the ${request.size} bytes announced`)
        return
      }
      chunks.push(message)
      return
    }
    ended = true
    if (received !== request.size) {
      refuse(`${received} of the ${request.size} bytes announced`)
      return
    }
    const buffer = Buffer.concat(chunks, received)
    chunks = []
    deps.verify(buffer).then(
      ({ manifest }) => {
        release()
        if (port.signal.aborted) return
        port.send(deps.keep(request.name, buffer, manifest))
        port.close()
      },
      (error: unknown) => {
        release()
        port.close(AppError.from(error))
      },
    )
  })
}

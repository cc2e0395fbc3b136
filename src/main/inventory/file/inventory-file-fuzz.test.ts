import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

import { AppError } from '../../../shared/ipc/errors'
import { MemorySigningKeyStore } from '../../secrets/signing-key-store'
import { forgedMembers, type Member, zipOf } from './forge.testing'
import { readInventoryFile, type VerifiedInventory } from './inventory-file'
import { sampleSnapshot } from './sample-snapshot.testing'
import { type InventorySigningKey, loadSigningKey } from './signing-key'

let key: InventorySigningKey
let valid: Buffer
let original: VerifiedInventory

beforeAll(async () => {
  key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
  valid = await zipOf(forgedMembers(key))
  original = await readInventoryFile({ buffer: valid })
})

/** The read's outcome: accepted, or refused with inventory_invalid; anything else fails the property. */
async function outcome(buffer: Buffer): Promise<VerifiedInventory | AppError> {
  try {
    return await readInventoryFile({ buffer })
  } catch (error) {
    if (error instanceof AppError && error.code === 'inventory_invalid' && error.detail?.reason !== undefined)
      return error
    throw new Error(`the reader threw something else than inventory_invalid: ${String(error)}`, {
      cause: error,
    })
  }
}

const runs = { numRuns: 300 }

describe('the reader, fuzzed', () => {
  it('changed bytes anywhere in the file are refused, or give the very same inventory snapshot', async () => {
    // Some bytes are not checked by design (README.txt, timestamps, "version made by"): those may change,
    // but never into another inventory snapshot.
    const flip = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))
    await fc.assert(
      fc.asyncProperty(fc.array(flip, { minLength: 1, maxLength: 4 }), async (flips) => {
        const changed = Buffer.from(valid)
        for (const [at, xor] of flips)
          changed[at % changed.length] = (changed[at % changed.length] ?? 0) ^ xor
        const result = await outcome(changed)
        if (!(result instanceof AppError)) {
          expect(result.sha256).toBe(original.sha256)
          expect(result.snapshot).toEqual(original.snapshot)
          expect(result.signer).toEqual(original.signer)
        }
      }),
      runs,
    )
  })

  it('every byte of the file changed, one at a time: never another inventory snapshot', async () => {
    for (let i = 0; i < valid.length; i++) {
      const changed = Buffer.from(valid)
      changed[i] = (changed[i] ?? 0) ^ 0xff
      const result = await outcome(changed)
      if (!(result instanceof AppError)) expect(result.snapshot).toEqual(original.snapshot)
    }
  }, 120_000)

  it('a file cut short at any length is refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (n) => {
        const result = await outcome(valid.subarray(0, n % valid.length))
        expect(result).toBeInstanceOf(AppError)
      }),
      runs,
    )
  })

  it('random bytes are refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        expect(await outcome(Buffer.from(bytes))).toBeInstanceOf(AppError)
      }),
      runs,
    )
    // Random bytes after a ZIP archive's first signature, and random bytes before and after a valid file.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.uint8Array({ maxLength: 512 }), async (a, b) => {
        await outcome(Buffer.concat([Buffer.from('PK\u0003\u0004'), a]))
        await outcome(Buffer.concat([a, valid, b]))
      }),
      runs,
    )
  })

  it('random archives of random members (ours and others, real and random content) never escape', async () => {
    const real = forgedMembers(key)
    const name = fc.oneof(
      fc.constantFrom('manifest.json', 'inventory.json', 'inventory.json.sig', 'README.txt'),
      fc.string({ maxLength: 20 }).filter((s) => s !== '' && !s.endsWith('/') && !s.startsWith('/')),
    )
    const member: fc.Arbitrary<Member> = fc.record({
      name,
      data: fc.oneof(
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        fc.constantFrom(...real.map((m) => m.data)),
        fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
      ),
      compress: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(member, { maxLength: 6 }), async (members) => {
        let zip: Buffer
        try {
          zip = await zipOf(members)
        } catch {
          return // a name yazl itself refuses (absolute, `..`): not a file anyone can make with it
        }
        const result = await outcome(zip)
        if (!(result instanceof AppError)) expect(result.snapshot).toEqual(sampleSnapshot())
      }),
      runs,
    )
  })
})

describe('the reader, fuzzed with deep nesting', () => {
  it('signed content nested at any depth reads, or is refused as schema: never a stack overflow', async () => {
    // A guest's config sits at depth 6 ($, clusters, [0], guests, [i], config): 94 more levels reach 100.
    const levels = fc.array(fc.boolean(), { minLength: 1, maxLength: 40 })
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6000 }), levels, async (depth, kinds) => {
        let open = ''
        let close = ''
        for (let i = 0; i < depth; i++) {
          const array = kinds[i % kinds.length] ?? true
          open += array ? '[' : '{"k":'
          close = (array ? ']' : '}') + close
        }
        const text = JSON.stringify(sampleSnapshot()).replace(
          '"config":{',
          `"config":{"deep":${open}0${close},`,
        )
        const result = await outcome(await zipOf(forgedMembers(key, { content: Buffer.from(text) })))
        if (depth <= 94) expect(result).not.toBeInstanceOf(AppError)
        else expect(result).toMatchObject({ detail: { reason: 'schema' } })
      }),
      { numRuns: 60 },
    )
  }, 60_000)
})

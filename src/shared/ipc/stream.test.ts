import { describe, expect, it } from 'vitest'

import type { StreamFrame } from './stream'
import { frameCost, MAX_STREAM_MESSAGE, parseStreamFrame, StreamEnd, utf8Length } from './stream'

describe('stream frame cost', () => {
  it('counts a JSON message in UTF-8 bytes, as the carrier moves it', () => {
    for (const text of [
      'plain ascii',
      'é'.repeat(100),
      '€ 漢字',
      '😀'.repeat(50),
      'a\uD800b',
      '\uDC00',
      'x\uD83D',
    ]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).byteLength)
    }
    expect(frameCost({ t: 'json', data: JSON.stringify('漢'.repeat(1000)) })).toBe(3002)
  })

  it('refuses a message of multibyte text over the limit in bytes, though under it in UTF-16 units', () => {
    const posted: StreamFrame[] = []
    const ends: unknown[] = []
    const end = new StreamEnd({
      post: (frame) => posted.push(frame),
      deliver: () => undefined,
      onDrain: () => undefined,
      onEnd: (error) => ends.push(error),
    })
    // 200 000 characters of 3 bytes each: 600 002 bytes of JSON, past the 512 KiB limit.
    const text = '漢'.repeat(200_000)
    expect(JSON.stringify(text).length).toBeLessThan(MAX_STREAM_MESSAGE)
    expect(end.send(text)).toBe(false)
    expect(ends).toEqual([
      { code: 'invalid_request', message: `a stream message is at most ${MAX_STREAM_MESSAGE} bytes` },
    ])
    expect(posted.filter((f) => f.t === 'json')).toEqual([])
  })
})

describe('an end frame', () => {
  it('keeps the error’s detail and cluster (a console moved to another window says so), as flat strings only', () => {
    const error = { code: 'conflict', message: 'moved', clusterId: 'ace', detail: { reason: 'moved' } }
    expect(parseStreamFrame({ t: 'end', error })).toEqual({ t: 'end', error })
    expect(parseStreamFrame({ t: 'end', error: { ...error, detail: { reason: { nested: 1 } } } })).toEqual({
      t: 'end',
      error: { code: 'conflict', message: 'moved', clusterId: 'ace' },
    })
  })
})

import { describe, expect, it } from 'vitest';
import { FlvFormatError, FlvReader, TAG_SCRIPT, TAG_VIDEO, withTimestamp } from './flv';

/** An FLV tag: 11-byte header, data, PreviousTagSize. */
function tag(type: number, timestamp: number, data: number[]): Buffer {
  const b = Buffer.alloc(11 + data.length + 4);
  b[0] = type;
  b.writeUIntBE(data.length, 1, 3);
  b.writeUIntBE(timestamp & 0xffffff, 4, 3);
  b[7] = (timestamp >>> 24) & 0xff;
  Buffer.from(data).copy(b, 11);
  b.writeUInt32BE(11 + data.length, 11 + data.length);
  return b;
}
const HEADER = Buffer.from([0x46, 0x4c, 0x56, 1, 1, 0, 0, 0, 9, 0, 0, 0, 0]);
const STREAM = Buffer.concat([
  HEADER,
  tag(TAG_SCRIPT, 0, [2, 0, 10]),
  tag(TAG_VIDEO, 0, [0x17, 0, 0, 0, 0, 1, 2]), // AVC sequence header (frame type 1, packet type 0)
  tag(TAG_VIDEO, 0, [0x17, 1, 0, 0, 0, 9, 9, 9]), // keyframe
  tag(TAG_VIDEO, 66, [0x27, 1, 0, 0, 0, 8]), // inter frame
  tag(TAG_VIDEO, 0x01_000_000 + 5, [0x27, 1, 0, 0, 0, 8]), // timestamp past 24 bits
]);

describe('FlvReader', () => {
  it('finds the header, metadata, sequence header, keyframes and timestamps whatever the chunking', () => {
    for (const size of [1, 3, 7, 13, 64, STREAM.length]) {
      const r = new FlvReader();
      let header: Buffer | null = null;
      const tags = [];
      for (let i = 0; i < STREAM.length; i += size) {
        const out = r.push(STREAM.subarray(i, i + size));
        header ??= out.header;
        tags.push(...out.tags);
      }
      expect(header, `chunks of ${size}`).toEqual(HEADER);
      expect(tags.map((t) => [t.type, t.timestamp, t.keyframe, t.sequenceHeader])).toEqual([
        [TAG_SCRIPT, 0, false, false],
        [TAG_VIDEO, 0, false, true],
        [TAG_VIDEO, 0, true, false],
        [TAG_VIDEO, 66, false, false],
        [TAG_VIDEO, 0x01_000_005, false, false],
      ]);
      expect(Buffer.concat([header!, ...tags.map((t) => t.bytes)])).toEqual(STREAM);
    }
  });

  it('refuses a stream that is not FLV and a tag that claims an absurd size', () => {
    expect(() => new FlvReader().push(Buffer.from('GIF89a-not-a-video'))).toThrow(FlvFormatError);
    const huge = Buffer.concat([HEADER, Buffer.from([TAG_VIDEO, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0])]);
    expect(() => new FlvReader().push(huge)).toThrow(/tag of/);
  });

  it('rewrites a tag’s timestamp (both the 24 low bits and the extension byte) in a copy', () => {
    const original = tag(TAG_VIDEO, 1234, [0x27, 1]);
    const moved = withTimestamp(original, 0x02_000_010);
    const [t] = new FlvReader().push(Buffer.concat([HEADER, moved])).tags;
    expect(t!.timestamp).toBe(0x02_000_010);
    expect(new FlvReader().push(Buffer.concat([HEADER, original])).tags[0]!.timestamp).toBe(1234);
  });
});

/**
 * A streaming reader of FLV (Adobe Flash Video File Format Specification 10.1, annex E): the 9-byte file
 * header, then tags each followed by a 4-byte PreviousTagSize. The media gateway needs only the framing — which
 * tag is the stream's metadata, which is the H.264 sequence header (SPS/PPS), which video tag is a keyframe —
 * to fan one encoder out to many viewers and let a late viewer start at the last keyframe (a GOP cache, as
 * nginx-rtmp, SRS and ZLMediaKit do). Payloads are never decoded.
 */

export const FLV_HEADER_BYTES = 9;
const TAG_HEADER_BYTES = 11;
const PREV_SIZE_BYTES = 4;
/** A tag larger than this is a broken stream, not a frame (a 640×360 keyframe is ~20 kB). */
const MAX_TAG_DATA = 8 * 1024 * 1024;

export const TAG_AUDIO = 8;
export const TAG_VIDEO = 9;
export const TAG_SCRIPT = 18;

export interface FlvTag {
  type: number;
  /** Milliseconds (24 bits + 8 extended bits). */
  timestamp: number;
  /** Video: frame type 1 (keyframe), a picture (not the sequence header). */
  keyframe: boolean;
  /** Video: AVC packet type 0 (the AVCDecoderConfigurationRecord a decoder needs before any frame). */
  sequenceHeader: boolean;
  /** The whole tag as it goes on the wire: 11-byte header, data, 4-byte PreviousTagSize. */
  bytes: Buffer;
}

export class FlvFormatError extends Error {
  override name = 'FlvFormatError';
}

/** Splits an FLV byte stream, arriving in arbitrary chunks, into its header and whole tags. */
export class FlvReader {
  private pending: Buffer = Buffer.alloc(0);
  private header: Buffer | null = null;

  /** Returns the header (once, when complete) and every tag completed by this chunk. Throws on a non-FLV stream. */
  push(chunk: Buffer): { header: Buffer | null; tags: FlvTag[] } {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let header: Buffer | null = null;
    const tags: FlvTag[] = [];
    let at = 0;
    if (!this.header) {
      if (this.pending.length < FLV_HEADER_BYTES + PREV_SIZE_BYTES) return { header, tags };
      if (this.pending.toString('latin1', 0, 3) !== 'FLV') throw new FlvFormatError('not an FLV stream');
      const dataOffset = this.pending.readUInt32BE(5);
      if (dataOffset < FLV_HEADER_BYTES || dataOffset > 1024)
        throw new FlvFormatError(`bad header size ${dataOffset}`);
      if (this.pending.length < dataOffset + PREV_SIZE_BYTES) return { header, tags };
      // Header plus PreviousTagSize0, copied out of the (reused) chunk buffer.
      header = Buffer.from(this.pending.subarray(0, dataOffset + PREV_SIZE_BYTES));
      this.header = header;
      at = dataOffset + PREV_SIZE_BYTES;
    }
    while (this.pending.length - at >= TAG_HEADER_BYTES) {
      const type = this.pending[at]! & 0x1f;
      const size = this.pending.readUIntBE(at + 1, 3);
      if (size > MAX_TAG_DATA) throw new FlvFormatError(`tag of ${size} bytes`);
      const total = TAG_HEADER_BYTES + size + PREV_SIZE_BYTES;
      if (this.pending.length - at < total) break;
      const bytes = Buffer.from(this.pending.subarray(at, at + total));
      const timestamp = (bytes.readUIntBE(4, 3) | (bytes[7]! << 24)) >>> 0;
      const first = size > 0 ? bytes[TAG_HEADER_BYTES]! : 0;
      const isVideo = type === TAG_VIDEO && size >= 2;
      // Codec id 7 = AVC; its first data byte after the frame byte is AVCPacketType (0 = sequence header). The
      // sequence header carries frame type 1 too, but it is no picture.
      const sequenceHeader = isVideo && (first & 0x0f) === 7 && bytes[TAG_HEADER_BYTES + 1] === 0;
      tags.push({
        type,
        timestamp,
        keyframe: isVideo && first >> 4 === 1 && !sequenceHeader,
        sequenceHeader,
        bytes,
      });
      at += total;
    }
    this.pending = this.pending.subarray(at);
    return { header, tags };
  }
}

/** A copy of `tag` with its timestamp replaced (each viewer's stream starts at 0). */
export function withTimestamp(tag: Buffer, ms: number): Buffer {
  const out = Buffer.from(tag);
  const t = Math.max(0, Math.floor(ms)) >>> 0;
  out.writeUIntBE(t & 0xffffff, 4, 3);
  out[7] = (t >>> 24) & 0xff;
  return out;
}

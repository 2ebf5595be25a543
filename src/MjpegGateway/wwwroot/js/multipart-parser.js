// Incremental multipart/x-mixed-replace parser for MJPEG streams. Pure: bytes in, JPEG frames out, no I/O.
// Content-Length fast path (the JPEG bytes are never scanned), boundary scan when a part has no length,
// LF-only lines tolerated, resynchronisation on the next delimiter after garbage or an oversized part.
// Never scans for JPEG markers: EXIF thumbnails put FF D9 inside a frame.

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const ascii = new TextDecoder('latin1');

/** Reads the boundary out of a Content-Type header value, without quotes or a stray leading "--". */
export function boundaryOf(contentType) {
  const match = /;\s*boundary\s*=\s*("([^"]+)"|[^;\s]+)/i.exec(contentType ?? '');
  if (!match) {
    return null;
  }

  const boundary = match[2] ?? match[1];
  // Some cameras repeat the dashes in the parameter; the delimiter adds its own.
  return boundary.startsWith('--') ? boundary.slice(2) : boundary;
}

export class MultipartParser {
  #delimiter;
  #lfDelimiter;
  #maxFrameBytes;
  #maxHeaderBytes;
  #buffer = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;
  #state = 'delimiter';
  #length = -1;
  #scanFrom = 0;
  #ended = false;

  /**
   * @param {string} boundary the boundary parameter of the response's Content-Type
   * @param {{maxFrameBytes?: number, maxHeaderBytes?: number}} [limits] parts past these are skipped
   */
  constructor(boundary, { maxFrameBytes = 16 * 1024 * 1024, maxHeaderBytes = 16 * 1024 } = {}) {
    this.#delimiter = new TextEncoder().encode(`--${boundary}`);
    this.#lfDelimiter = new TextEncoder().encode(`\n--${boundary}`);
    this.#maxFrameBytes = maxFrameBytes;
    this.#maxHeaderBytes = maxHeaderBytes;
  }

  /** True once the closing delimiter (--boundary--) was read. */
  get ended() {
    return this.#ended;
  }

  /** Bytes held waiting for the rest of a part. */
  get bufferedBytes() {
    return this.#end - this.#start;
  }

  /**
   * Adds a chunk and returns how many frames completed plus a copy of the newest one (older frames completed
   * by the same chunk are counted, not copied: a viewer that fell behind shows only the newest).
   * @param {Uint8Array} chunk
   * @returns {{count: number, latest: Uint8Array | null}}
   */
  push(chunk) {
    this.#append(chunk);
    let count = 0;
    let latestStart = -1;
    let latestEnd = -1;
    for (;;) {
      const frame = this.#step();
      if (frame === null) {
        break;
      }

      if (frame !== undefined) {
        count++;
        [latestStart, latestEnd] = frame;
      }
    }

    // Ranges stay valid until the next append, which is the only place the buffer moves.
    const latest = count > 0 ? this.#buffer.slice(latestStart, latestEnd) : null;
    return { count, latest };
  }

  // One parsing step: a frame's [start, end), undefined for progress without a frame, null when more bytes are needed.
  #step() {
    switch (this.#state) {
      case 'delimiter':
        return this.#readDelimiter();
      case 'headers':
        return this.#readHeaders();
      case 'body':
        return this.#length >= 0 ? this.#readSizedBody() : this.#readUnsizedBody();
      default:
        return null;
    }
  }

  #readDelimiter() {
    const at = this.#indexOf(this.#delimiter, this.#start);
    if (at < 0) {
      // Keep only a tail that could still begin the delimiter.
      this.#start = Math.max(this.#start, this.#end - this.#delimiter.length);
      return null;
    }

    const afterDelimiter = at + this.#delimiter.length;
    if (afterDelimiter + 2 <= this.#end && this.#buffer[afterDelimiter] === DASH && this.#buffer[afterDelimiter + 1] === DASH) {
      this.#ended = true;
      this.#state = 'closed';
      this.#start = this.#end;
      return null;
    }

    const lineEnd = this.#buffer.indexOf(LF, afterDelimiter);
    if (lineEnd < 0 || lineEnd >= this.#end) {
      this.#start = at;
      return null;
    }

    this.#start = lineEnd + 1;
    this.#state = 'headers';
    return undefined;
  }

  #readHeaders() {
    let lineStart = this.#start;
    let length = -1;
    for (;;) {
      const lineEnd = this.#buffer.indexOf(LF, lineStart);
      if (lineEnd < 0 || lineEnd >= this.#end) {
        if (this.#end - this.#start > this.#maxHeaderBytes) {
          this.#state = 'delimiter';
        }

        return this.#state === 'delimiter' ? undefined : null;
      }

      const contentEnd = lineEnd > lineStart && this.#buffer[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
      if (contentEnd === lineStart) {
        this.#start = lineEnd + 1;
        break;
      }

      const line = ascii.decode(this.#buffer.subarray(lineStart, contentEnd));
      const colon = line.indexOf(':');
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-length') {
        const value = line.slice(colon + 1).trim();
        length = /^\d{1,10}$/.test(value) ? Number(value) : -1;
      }

      lineStart = lineEnd + 1;
      if (lineStart - this.#start > this.#maxHeaderBytes) {
        this.#state = 'delimiter';
        return undefined;
      }
    }

    if (length > this.#maxFrameBytes) {
      // Too large to hold: resynchronise on the next delimiter instead.
      this.#state = 'delimiter';
      return undefined;
    }

    this.#length = length;
    this.#scanFrom = this.#start;
    this.#state = 'body';
    return undefined;
  }

  #readSizedBody() {
    if (this.#end - this.#start < this.#length) {
      return null;
    }

    const frame = [this.#start, this.#start + this.#length];
    this.#start += this.#length;
    this.#state = 'delimiter';
    return frame;
  }

  #readUnsizedBody() {
    const at = this.#indexOf(this.#lfDelimiter, this.#scanFrom);
    if (at < 0) {
      if (this.#end - this.#start > this.#maxFrameBytes) {
        this.#state = 'delimiter';
        return undefined;
      }

      // Rescan only the tail that could hold a split delimiter.
      this.#scanFrom = Math.max(this.#start, this.#end - this.#lfDelimiter.length);
      return null;
    }

    const frameEnd = at > this.#start && this.#buffer[at - 1] === CR ? at - 1 : at;
    const frame = [this.#start, frameEnd];
    this.#start = at + 1;
    this.#state = 'delimiter';
    return frame;
  }

  #indexOf(pattern, from) {
    const last = this.#end - pattern.length;
    for (let i = this.#buffer.indexOf(pattern[0], from); i >= 0 && i <= last; i = this.#buffer.indexOf(pattern[0], i + 1)) {
      let j = 1;
      while (j < pattern.length && this.#buffer[i + j] === pattern[j]) {
        j++;
      }

      if (j === pattern.length) {
        return i;
      }
    }

    return -1;
  }

  #append(chunk) {
    const held = this.#end - this.#start;
    if (this.#end + chunk.length > this.#buffer.length) {
      let buffer = this.#buffer;
      if (held + chunk.length > buffer.length) {
        let size = buffer.length;
        while (size < held + chunk.length) {
          size *= 2;
        }

        buffer = new Uint8Array(size);
      }

      buffer.set(this.#buffer.subarray(this.#start, this.#end), 0);
      this.#scanFrom = Math.max(0, this.#scanFrom - this.#start);
      this.#buffer = buffer;
      this.#start = 0;
      this.#end = held;
    }

    this.#buffer.set(chunk, this.#end);
    this.#end += chunk.length;
    if (this.#state === 'delimiter' || this.#state === 'headers') {
      this.#scanFrom = this.#start;
    }
  }
}

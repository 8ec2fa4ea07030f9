/**
 * Auth0 takes users files of at most 500 KB. The packer stays under 500,000 bytes (by bytes,
 * not user count): whatever Auth0 means by a KB, the file fits.
 */
export const IMPORT_FILE_MAX_BYTES = 500_000;

const OPEN = 0x5b; // [
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

export interface PackedFile<T> {
  items: T[];
  /** The JSON array, exactly as sent. */
  body: Buffer;
  /** Where each item's JSON starts in `body` (it ends at the next comma, or the closing bracket). */
  starts: number[];
}

/**
 * Packs items into JSON-array files no larger than `maxBytes`, in order. Holds one file at a
 * time, written straight into one reused buffer: a 100,000-user run keeps no per-user strings
 * alive past their file (the CLI's memory stays flat). `add` returns the finished file when
 * the next item would not fit.
 */
export class ImportFilePacker<T> {
  private items: T[] = [];
  private starts: number[] = [];
  private readonly buffer: Buffer;
  private end = 1; // bytes written: "[" so far; "]" is added when the file is finished

  constructor(private readonly maxBytes = IMPORT_FILE_MAX_BYTES) {
    this.buffer = Buffer.allocUnsafe(maxBytes);
    this.buffer[0] = OPEN;
  }

  /** Adds an item whose JSON in the file is `json`; returns the finished file when it did not fit. */
  add(item: T, json: string): PackedFile<T> | null {
    const bytes = Buffer.byteLength(json, "utf8");
    if (2 + bytes > this.maxBytes) throw new Error("one user record is larger than an import file");
    let finished: PackedFile<T> | null = null;
    // With this item: what is written, a comma before it, the item, the closing bracket.
    if (this.items.length > 0 && this.end + 1 + bytes + 1 > this.maxBytes) finished = this.flush();
    if (this.items.length > 0) this.buffer[this.end++] = COMMA;
    this.starts.push(this.end);
    this.end += this.buffer.write(json, this.end, "utf8");
    this.items.push(item);
    return finished;
  }

  /** The file in progress, if any items are in it. */
  flush(): PackedFile<T> | null {
    if (this.items.length === 0) return null;
    this.buffer[this.end] = CLOSE;
    // A copy: the buffer is reused for the next file while this one waits to be sent.
    const file = { items: this.items, body: Buffer.from(this.buffer.subarray(0, this.end + 1)), starts: this.starts };
    this.items = [];
    this.starts = [];
    this.end = 1;
    return file;
  }
}

/** The same file with only the items `keep` accepts (their JSON bytes as packed, nothing re-serialised). */
export function selectFromPacked<T>(file: PackedFile<T>, keep: (item: T) => boolean): PackedFile<T> {
  const items: T[] = [];
  const parts: Buffer[] = [Buffer.from([OPEN])];
  const starts: number[] = [];
  let at = 1;
  file.items.forEach((item, i) => {
    if (!keep(item)) return;
    const start = file.starts[i] as number;
    // Item i ends before the comma that precedes item i+1, or before the closing bracket.
    const stop = i + 1 < file.items.length ? (file.starts[i + 1] as number) - 1 : file.body.length - 1;
    if (items.length > 0) {
      parts.push(Buffer.from([COMMA]));
      at += 1;
    }
    starts.push(at);
    parts.push(file.body.subarray(start, stop));
    at += stop - start;
    items.push(item);
  });
  parts.push(Buffer.from([CLOSE]));
  return { items, body: Buffer.concat(parts), starts };
}

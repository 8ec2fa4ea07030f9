/**
 * Auth0 takes users files of at most 500 KB. The packer stays under 500,000 bytes (by bytes,
 * not user count): whatever Auth0 means by a KB, the file fits.
 */
export const IMPORT_FILE_MAX_BYTES = 500_000;

export interface PackedFile<T> {
  items: T[];
  /** The JSON array, exactly as sent. */
  body: Buffer;
}

/**
 * Packs items into JSON-array files no larger than `maxBytes`, in order. Holds one file's items
 * at a time: `add` returns the finished file when the next item would not fit.
 */
export class ImportFilePacker<T> {
  private items: T[] = [];
  private parts: string[] = [];
  private bytes = 2; // "[" and "]"

  constructor(private readonly maxBytes = IMPORT_FILE_MAX_BYTES) {}

  /** Adds an item whose JSON in the file is `json`; returns the finished file when it did not fit. */
  add(item: T, json: string): PackedFile<T> | null {
    const bytes = Buffer.byteLength(json, "utf8");
    if (2 + bytes > this.maxBytes) throw new Error("one user record is larger than an import file");
    let finished: PackedFile<T> | null = null;
    if (this.items.length > 0 && this.bytes + 1 + bytes > this.maxBytes) finished = this.flush();
    this.bytes += bytes + (this.items.length > 0 ? 1 : 0);
    this.items.push(item);
    this.parts.push(json);
    return finished;
  }

  /** The file in progress, if any items are in it. */
  flush(): PackedFile<T> | null {
    if (this.items.length === 0) return null;
    const file = { items: this.items, body: Buffer.from(`[${this.parts.join(",")}]`, "utf8") };
    this.items = [];
    this.parts = [];
    this.bytes = 2;
    return file;
  }
}

import { ImportFilePacker, IMPORT_FILE_MAX_BYTES, selectFromPacked } from "../../src/bulkImport/ImportFilePacker";

describe("ImportFilePacker", () => {
  it("cuts files by bytes, never above the limit, keeping every item once and in order", () => {
    const packer = new ImportFilePacker<number>(1000);
    const files = [];
    // Records of varying size (multi-byte characters count as their UTF-8 bytes).
    for (let i = 0; i < 200; i++) {
      const json = JSON.stringify({ i, pad: "é".repeat(i % 37) });
      const done = packer.add(i, json);
      if (done) files.push(done);
    }
    const last = packer.flush();
    if (last) files.push(last);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      expect(f.body.length).toBeLessThanOrEqual(1000);
      expect(JSON.parse(f.body.toString("utf8"))).toHaveLength(f.items.length);
    }
    expect(files.flatMap((f) => f.items)).toEqual([...Array(200).keys()]);
    expect(packer.flush()).toBeNull();
  });

  it("fills a file up to exactly the limit, and starts the next one past it", () => {
    const packer = new ImportFilePacker<string>(12);
    expect(packer.add("a", '"aaaa"')).toBeNull(); // ["aaaa"]: 8 bytes
    expect(packer.add("b", '"b"')).toBeNull(); // ["aaaa","b"]: 12 bytes
    const full = packer.add("c", '"c"');
    expect(full?.body.toString()).toBe('["aaaa","b"]');
    expect(packer.flush()?.items).toEqual(["c"]);
  });

  it("refuses a record that could never fit, and defaults to 500,000 bytes", () => {
    expect(() => new ImportFilePacker<number>(10).add(1, '"0123456789"')).toThrow(/larger than an import file/);
    expect(IMPORT_FILE_MAX_BYTES).toBe(500_000);
  });

  it("keeps finished files intact while the next one is written into the reused buffer", () => {
    const packer = new ImportFilePacker<number>(40);
    const files = [];
    for (let i = 0; i < 30; i++) {
      const done = packer.add(i, JSON.stringify({ n: i }));
      if (done) files.push(done);
    }
    const bodies = files.map((f) => f.body.toString("utf8"));
    packer.flush();
    expect(files.map((f) => f.body.toString("utf8"))).toEqual(bodies);
    expect(bodies.flatMap((b) => (JSON.parse(b) as Array<{ n: number }>).map((r) => r.n))).toEqual(files.flatMap((f) => f.items));
  });

  it("selects some items of a packed file, byte for byte as packed, with their new offsets", () => {
    const packer = new ImportFilePacker<string>(1000);
    const records = ["a", "bé", "c", "d"].map((k) => ({ k, pad: "x".repeat(k.length * 3) }));
    for (const r of records) expect(packer.add(r.k, JSON.stringify(r))).toBeNull();
    const file = packer.flush();
    if (!file) throw new Error("no file");
    for (const keep of [["bé", "d"], ["a"], ["d"], ["a", "bé", "c", "d"], []]) {
      const picked = selectFromPacked(file, (k) => keep.includes(k));
      expect(picked.items).toEqual(keep);
      expect(JSON.parse(picked.body.toString("utf8"))).toEqual(records.filter((r) => keep.includes(r.k)));
      picked.items.forEach((k, i) => expect(picked.body.subarray(picked.starts[i]).toString("utf8")).toMatch(new RegExp(`^\\{"k":"${k}"`)));
    }
  });
});

import path from "node:path";
import { Writable } from "node:stream";
import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { HashWorkerError, ServerBusyError } from "../../src/legacy/hashers/hashingErrors";
import { HashWorkerPool, type HashWorkerPoolOptions } from "../../src/legacy/hashers/HashWorkerPool";
import { OffThreadHasherRegistry } from "../../src/legacy/hashers/OffThreadHasherRegistry";
import { Pbkdf2Sha256Hasher } from "../../src/legacy/hashers/Pbkdf2Sha256Hasher";
import { createLogger } from "../../src/logger";
import { CRASH_PASSWORD } from "../support/workers/crashPassword";

const COSTS = { bcryptCost: 4, pbkdf2Iterations: 1000 };
const CRASHING_ENTRY = path.join(__dirname, "../support/workers/crashingHashWorker.ts");
const BROKEN_ENTRY = path.join(__dirname, "../support/workers/brokenHashWorker.ts");

const opened: HashWorkerPool[] = [];
let logs: string[] = [];

function newPool(options: Partial<HashWorkerPoolOptions> & { writeAlgorithm?: string } = {}): HashWorkerPool {
  const { writeAlgorithm = "bcrypt", ...rest } = options;
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const pool = new HashWorkerPool({ size: 2, queueMax: 100, init: { writeAlgorithm, costs: COSTS }, ...rest }, createLogger("info", sink));
  opened.push(pool);
  return pool;
}

beforeEach(() => {
  logs = [];
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

describe("OffThreadHasherRegistry over a HashWorkerPool", () => {
  const main = createHasherRegistry("bcrypt", COSTS);

  it("answers exactly as the main-thread registry for bcrypt and pbkdf2_sha256 hashes", async () => {
    const hashing = new OffThreadHasherRegistry(newPool(), main);
    await hashing.warmUp();
    const stored = {
      bcrypt: await new BcryptHasher(4).encode("Bcrypt-Pass-1"),
      php_bcrypt: "$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
      pbkdf2: await new Pbkdf2Sha256Hasher(1000).encode("Pbkdf2-Pass-1"),
    };
    const cases: Array<[string, string | null | undefined]> = [
      ["Bcrypt-Pass-1", stored.bcrypt],
      ["bcrypt-pass-1", stored.bcrypt],
      ["U*U", stored.php_bcrypt],
      ["U*V", stored.php_bcrypt],
      ["Pbkdf2-Pass-1", stored.pbkdf2],
      ["Pbkdf2-Pass-2", stored.pbkdf2],
    ];
    const offThread = await Promise.all(cases.map(([pw, enc]) => hashing.verify(pw, enc)));
    const onThread = await Promise.all(cases.map(([pw, enc]) => main.verify(pw, enc)));
    expect(offThread).toEqual(onThread);
    expect(offThread).toEqual([true, false, true, false, true, false]);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["empty", ""],
    ["unusable sentinel", "!abc"],
    ["truncated bcrypt", "$2b$10$abc"],
    ["garbled pbkdf2", "pbkdf2_sha256$abc$salt$hash"],
    ["unknown shape", "rot13$whatever"],
  ])("answers false for a %s stored value without throwing", async (_name, encoded) => {
    const hashing = new OffThreadHasherRegistry(newPool({ size: 1 }), main);
    await expect(hashing.verify("any password", encoded)).resolves.toBe(false);
  });

  it("encodes in the write format, readable by the main thread, and runs dummies as false", async () => {
    const bcrypt = new OffThreadHasherRegistry(newPool({ size: 1 }), main);
    const django = new OffThreadHasherRegistry(newPool({ size: 1, writeAlgorithm: "pbkdf2_sha256" }), createHasherRegistry("pbkdf2_sha256", COSTS));
    const b = await bcrypt.encode("Written-Off-Thread-1");
    const d = await django.encode("Written-Off-Thread-2");
    expect(b).toMatch(/^\$2[ab]\$04\$/);
    expect(d).toMatch(/^pbkdf2_sha256\$1000\$/);
    expect(await main.verify("Written-Off-Thread-1", b)).toBe(true);
    expect(await main.verify("Written-Off-Thread-2", d)).toBe(true);
    expect(await bcrypt.runDummy("whatever")).toBe(false);
  });
});

describe("HashWorkerPool", () => {
  it("refuses a job with ServerBusyError when every worker is busy and the queue is full", async () => {
    const pool = newPool({ size: 1, queueMax: 2 });
    await pool.ready();
    const job = { op: "runDummy", password: "p" } as const;
    // Dispatch is synchronous: the first runs, two wait, the fourth finds the queue full.
    const accepted = [pool.run(job), pool.run(job), pool.run(job)];
    expect(pool.load).toEqual({ running: 1, queued: 2 });
    const refused = pool.run(job);
    await expect(refused).rejects.toBeInstanceOf(ServerBusyError);
    await expect(refused).rejects.toMatchObject({ status: 503, code: "server_busy", expose: true });
    await expect(Promise.all(accepted)).resolves.toEqual([false, false, false]);
    expect(pool.load).toEqual({ running: 0, queued: 0 });
  });

  it("fails a crashed worker's job with a typed error, replaces the worker and serves the queue", async () => {
    const pool = newPool({ size: 1, entry: CRASHING_ENTRY });
    const hashing = new OffThreadHasherRegistry(pool, createHasherRegistry("bcrypt", COSTS));
    await hashing.warmUp();
    const stored = await new BcryptHasher(4).encode("Still-Works-1");
    const crashed = hashing.verify(CRASH_PASSWORD, stored);
    const queuedBehind = hashing.verify("Still-Works-1", stored);
    await expect(crashed).rejects.toBeInstanceOf(HashWorkerError);
    await expect(crashed).rejects.toMatchObject({ status: 503, code: "server_busy" });
    await expect(queuedBehind).resolves.toBe(true);
    await expect(hashing.verify("Wrong-1", stored)).resolves.toBe(false);
    const warning = logs.find((l) => l.includes("hashing worker exited"));
    expect(warning).toContain('"exitCode":7');
    expect(logs.join("\n")).not.toContain(CRASH_PASSWORD);
  });

  it("gives up, with a typed error, on a worker that cannot start", async () => {
    const pool = newPool({ size: 1, entry: BROKEN_ENTRY });
    await expect(pool.ready()).rejects.toBeInstanceOf(HashWorkerError);
    await expect(pool.run({ op: "runDummy", password: "p" })).rejects.toBeInstanceOf(HashWorkerError);
    expect(logs.filter((l) => l.includes("hashing worker exited"))).toHaveLength(3);
  });

  it("close() fails in-flight and queued jobs, terminates the workers and refuses new jobs", async () => {
    const pool = newPool({ size: 1, writeAlgorithm: "pbkdf2_sha256", init: { writeAlgorithm: "pbkdf2_sha256", costs: { pbkdf2Iterations: 2_000_000 } } });
    await pool.ready();
    const jobs = Promise.allSettled([pool.run({ op: "encode", password: "p" }), pool.run({ op: "encode", password: "p" })]);
    expect(pool.load).toEqual({ running: 1, queued: 1 });
    await pool.close();
    const [inFlight, queued] = await jobs;
    expect(inFlight).toMatchObject({ status: "rejected", reason: expect.any(HashWorkerError) });
    expect(queued).toMatchObject({ status: "rejected", reason: expect.any(HashWorkerError) });
    await expect(pool.run({ op: "runDummy", password: "p" })).rejects.toBeInstanceOf(HashWorkerError);
    expect(pool.load).toEqual({ running: 0, queued: 0 });
  });

  it("starts no thread until a job or warm-up needs one", async () => {
    const pool = newPool({ size: 2, entry: BROKEN_ENTRY });
    // A broken entry would log startup failures within milliseconds if it had been started.
    await new Promise((r) => setTimeout(r, 300));
    expect(logs).toHaveLength(0);
    await pool.close();
  });
});

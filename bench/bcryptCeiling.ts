import os from "node:os";
import { Worker } from "node:worker_threads";
import bcrypt from "bcryptjs";

/** Raw bcrypt verifies per second at `cost`, one worker thread per core, for `seconds`. */
export async function bcryptCeiling(cost: number, seconds: number): Promise<{ perSecond: number; threads: number }> {
  const hash = bcrypt.hashSync("ceiling-password", cost);
  const threads = os.cpus().length;
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const bcrypt = require(workerData.bcryptPath);
    const until = Date.now() + workerData.ms;
    let n = 0;
    while (Date.now() < until) { bcrypt.compareSync("ceiling-password", workerData.hash); n++; }
    parentPort.postMessage(n);
  `;
  const bcryptPath = require.resolve("bcryptjs");
  const counts = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(code, { eval: true, workerData: { hash, ms: seconds * 1000, bcryptPath } });
          w.once("message", (n: number) => resolve(n));
          w.once("error", reject);
        }),
    ),
  );
  return { perSecond: counts.reduce((a, b) => a + b, 0) / seconds, threads };
}

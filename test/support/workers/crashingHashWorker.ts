import { parentPort } from "node:worker_threads";
import type { HashJob } from "../../../src/legacy/hashers/hashWorkerProtocol";
import "../../../src/legacy/hashers/hashWorkerMain";
import { CRASH_PASSWORD } from "./crashPassword";

// The real hashing worker, except that CRASH_PASSWORD kills the thread mid-job.

parentPort?.on("message", (job: HashJob) => {
  if (job.password === CRASH_PASSWORD) process.exit(7);
});

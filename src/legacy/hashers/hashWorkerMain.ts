import { parentPort, workerData } from "node:worker_threads";
import { createHasherRegistry } from "./createHasherRegistry";
import type { HashJob, HashJobResult, HashWorkerInit, HashWorkerMessage } from "./hashWorkerProtocol";

// Entry point of a hashing worker thread (HashWorkerPool starts it): the same registry as the
// main thread would build, so every hash family registered there is served here too.
const port = parentPort;
if (!port) throw new Error("hashWorkerMain runs only as a worker thread");
const init = workerData as HashWorkerInit;
const registry = createHasherRegistry(init.writeAlgorithm, init.costs);

function run(job: HashJob): Promise<HashJobResult> {
  switch (job.op) {
    case "verify":
      return registry.verify(job.password, job.encoded);
    case "encode":
      return registry.encode(job.password);
    case "runDummy":
      return registry.runDummy(job.password);
  }
}

port.on("message", (job: HashJob) => {
  run(job).then(
    (value) => port.postMessage({ type: "result", id: job.id, value } satisfies HashWorkerMessage),
    // The error's message only: a hasher's error never carries the password, and nothing here logs.
    (err: unknown) => port.postMessage({ type: "failed", id: job.id, error: err instanceof Error ? err.message : "hashing failed" } satisfies HashWorkerMessage),
  );
});

// A failed warm-up rejects unhandled, which ends the thread: the pool sees a startup failure.
void registry.warmUp().then(() => port.postMessage({ type: "ready" } satisfies HashWorkerMessage));

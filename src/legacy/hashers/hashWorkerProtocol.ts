import type { HasherCosts } from "./createHasherRegistry";

/** `workerData` of a hashing worker: enough to build the same registry as the main thread. */
export interface HashWorkerInit {
  writeAlgorithm: string;
  costs: HasherCosts;
}

/** One job, main thread -> worker. The password travels only in these messages. */
export type HashJob =
  | { id: number; op: "verify"; password: string; encoded: string | null | undefined }
  | { id: number; op: "encode"; password: string }
  | { id: number; op: "runDummy"; password: string };

/** A job before the pool numbers it. */
type WithoutId<J> = J extends unknown ? Omit<J, "id"> : never;
export type HashJobRequest = WithoutId<HashJob>;

export type HashJobResult = boolean | string;

/** Worker -> main thread: startup done (dummy hash ready), or a job's outcome. */
export type HashWorkerMessage =
  | { type: "ready" }
  | { type: "result"; id: number; value: HashJobResult }
  | { type: "failed"; id: number; error: string };

/** The password that makes crashingHashWorker kill its thread mid-job. */
export const CRASH_PASSWORD = "crash-this-worker-now";

import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { createBenchDb, seedUsers } from "./benchDb";
import { round, rssMb, spawnCli } from "./support";

/** send-reset-emails to `users` unmigrated users into a counting SMTP sink on 127.0.0.1. */
export async function resetEmailBench(opts: { users: number; checkpoint: number; nodeOptions?: string }) {
  const db = await createBenchDb("emails");
  const handle = db.open();
  await seedUsers(handle, opts.users, "$2b$10$abcdefghijklmnopqrstuuJjWfQ3pC0k1wzcbI0z2yVn0Sx7kKHiK");
  await handle.destroy();

  let received = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        received += 1;
        callback();
      });
    },
  });
  sink.on("error", () => undefined);
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", () => r()));
  const port = (sink.server.address() as AddressInfo).port;

  const child = spawnCli(["send-reset-emails", "--campaign", "bench", "--json", "--concurrency", "16"], {
    ...db.env,
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    SESSION_SECRET: "bench-session-secret-0123456789abcdefghij",
    ...(opts.nodeOptions ? { NODE_OPTIONS: opts.nodeOptions } : {}),
  });
  let stdout = "";
  child.stdout?.on("data", (c) => (stdout += String(c)));
  child.stderr?.on("data", () => undefined);
  let peak = 0;
  let atCheckpoint = 0;
  const started = performance.now();
  let sendingStarted = 0;
  const sampler = setInterval(() => {
    const rss = rssMb(child.pid ?? 0);
    peak = Math.max(peak, rss);
    if (received > 0 && sendingStarted === 0) sendingStarted = performance.now();
    if (received <= opts.checkpoint) atCheckpoint = Math.max(atCheckpoint, rss);
  }, 100);
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const sendingSeconds = sendingStarted ? (performance.now() - sendingStarted) / 1000 : seconds;
  await new Promise<void>((r) => sink.close(() => r()));
  await db.drop();
  const summary = code === 0 ? JSON.parse(stdout) : { error: `exit ${code}` };
  return {
    kind: db.kind,
    users: opts.users,
    sent: summary.sent,
    received,
    seconds: round(seconds, 1),
    perSecond: round(received / seconds),
    perSecondWhileSending: round(received / sendingSeconds),
    rssAtCheckpointMb: round(atCheckpoint),
    peakRssMb: round(peak),
  };
}

import { SingleBar, Presets } from "cli-progress";
import type { Config } from "../../src/config";
import { createLogger, type Logger } from "../../src/logger";

/** Logs go to stderr (and skip `info`): stdout carries only a command's summary. */
export function stderrLogger(config: Pick<Config, "logLevel">): Logger {
  return createLogger(config.logLevel === "info" ? "warn" : config.logLevel, process.stderr);
}

/** The summary on stdout: one JSON line, or the command's own text. */
export function writeSummary<S>(summary: S, json: boolean | undefined, format: (s: S) => string): void {
  process.stdout.write(json ? `${JSON.stringify(summary)}\n` : format(summary));
}

export interface ProgressReporter<P> {
  update: (p: P) => void;
  stop: () => void;
}

/** How one command shows its progress. */
export interface ProgressDisplay<P> {
  /** The bar's format, in cli-progress tokens. */
  barFormat: string;
  /** Starts the bar at the first update. */
  start: (bar: SingleBar, p: P) => void;
  draw: (bar: SingleBar, p: P) => void;
  /** The line for stderr when it is not a terminal (after a timestamp). */
  line: (p: P) => string;
  /** Whether this update is written even within the interval (the last one). */
  always?: (p: P) => boolean;
}

const LINE_INTERVAL_MS = 5000;

/** A progress bar on a terminal; otherwise a line on stderr every few seconds. */
export function progressReporter<P>(tty: boolean, display: ProgressDisplay<P>): ProgressReporter<P> {
  if (tty) {
    const bar = new SingleBar({ format: display.barFormat, stream: process.stderr }, Presets.shades_classic);
    let started = false;
    return {
      update: (p) => {
        if (!started) {
          display.start(bar, p);
          started = true;
        }
        display.draw(bar, p);
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = 0;
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < LINE_INTERVAL_MS && !display.always?.(p)) return;
      last = now;
      process.stderr.write(`[${new Date(now).toISOString()}] ${display.line(p)}\n`);
    },
    stop: () => undefined,
  };
}

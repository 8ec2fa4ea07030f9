import { readFileSync } from "node:fs";
import path from "node:path";

export const INTEGRATION_DOC = path.resolve(__dirname, "../../../docs/integration.md");

const BEGIN = "<!-- nginx-config:begin -->";
const END = "<!-- nginx-config:end -->";

/** The nginx configuration docs/integration.md shows, as an operator copies it. */
export function documentedNginxConfig(docText = readFileSync(INTEGRATION_DOC, "utf8")): string {
  const begin = docText.indexOf(BEGIN);
  const end = docText.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${INTEGRATION_DOC}: no ${BEGIN} ... ${END} block`);
  const block = docText.slice(begin + BEGIN.length, end).trim();
  const fenced = /^```nginx\n([\s\S]*)\n```$/.exec(block);
  if (!fenced) throw new Error(`${INTEGRATION_DOC}: the block between the markers is not one \`\`\`nginx fence`);
  return fenced[1] as string;
}

export interface GatewayPorts {
  /** Where nginx listens (127.0.0.1). */
  listen: number;
  /** The service (auth0-migrate). */
  service: number;
  /** The application behind auth_request. */
  application: number;
}

/**
 * The documented configuration with only the addresses changed. Each replaced line must occur
 * exactly once: a doc edit that moves them fails here instead of testing something else.
 * `withoutAuth` drops the check from the application's location (the bench's baseline: the same
 * proxying, no auth_request).
 */
export function gatewayServerConfig(ports: GatewayPorts, options: { withoutAuth?: boolean; doc?: string } = {}): string {
  let config = documentedNginxConfig(options.doc);
  config = replaceOnce(config, "server 127.0.0.1:3000;", `server 127.0.0.1:${ports.service};`);
  config = replaceOnce(config, "server 127.0.0.1:8000;", `server 127.0.0.1:${ports.application};`);
  config = replaceOnce(config, "listen 80;", `listen 127.0.0.1:${ports.listen};`);
  if (options.withoutAuth) {
    const lines = config.split("\n");
    const kept = lines.filter((line) => !/^\s*(auth_request|auth_request_set|error_page 401)\b/.test(line) && !/\$auth_/.test(line));
    if (lines.length - kept.length !== 12) throw new Error(`withoutAuth: expected to drop 12 lines of the check, dropped ${lines.length - kept.length}`);
    config = kept.join("\n");
  }
  return config;
}

function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`documented nginx config: expected "${from}" once, found it ${count} times`);
  return text.replace(from, to);
}

/**
 * The main file around the documented `http`-level block: every path nginx writes (pid, logs,
 * temp files) in `dir`, in the foreground, so it runs unprivileged and leaves nothing behind.
 */
export function nginxMainConfig(dir: string, httpBlock: string): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    default_type application/octet-stream;

${httpBlock}
}
`;
}

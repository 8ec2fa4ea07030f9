import { HttpClient } from "../HttpClient";
import { startTestApp, type TestApp, type TestAppOptions } from "../startTestApp";
import { gatewayServerConfig } from "./documentedNginxConfig";
import { EchoUpstream } from "./EchoUpstream";
import { freePort, startNginx, type RunningNginx } from "./startNginx";

export interface NginxGateway {
  /** Where users go: nginx on 127.0.0.1. */
  url: string;
  nginx: RunningNginx;
  /** The service behind nginx (its own address stays reachable for test setup). */
  service: TestApp;
  /** The application behind auth_request. */
  upstream: EchoUpstream;
  /** A cookie-keeping client of nginx's address, as a browser would use it. */
  client(): HttpClient;
  /** `keep` leaves the service's database and emulator to another gateway that shares them. */
  stop(keep?: { db?: boolean; emulator?: boolean }): Promise<void>;
}

/**
 * Debian's nginx with docs/integration.md's configuration in front of the service and a small
 * echoing application, all on 127.0.0.1. PUBLIC_URL is nginx's address, as in a deployment.
 */
export async function startNginxGateway(options: TestAppOptions = {}): Promise<NginxGateway> {
  const listen = await freePort();
  const url = `http://127.0.0.1:${listen}`;
  const upstream = new EchoUpstream();
  const application = await upstream.start();
  let service: TestApp | undefined;
  try {
    service = await startTestApp({ ...options, env: { PUBLIC_URL: url, TRUST_PROXY: "true", ...options.env } });
    const servicePort = Number(new URL(service.baseUrl).port);
    const nginx = await startNginx(listen, gatewayServerConfig({ listen, service: servicePort, application }));
    const started = service;
    return {
      url,
      nginx,
      service: started,
      upstream,
      client: () => new HttpClient(url),
      stop: async (keep) => {
        await nginx.stop();
        await started.close(keep);
        await upstream.stop();
      },
    };
  } catch (err) {
    await service?.close();
    await upstream.stop();
    throw err;
  }
}

import { startNginxGateway, type NginxGateway } from "../support/nginx/startNginxGateway";

/**
 * Debian's nginx with docs/integration.md's configuration (only the ports changed) in front of
 * the service and an application that echoes what it receives. Without nginx this file fails.
 */
let g: NginxGateway;

beforeAll(async () => {
  g = await startNginxGateway();
}, 60000);

afterAll(async () => {
  await g?.stop();
});

describe("the documented nginx configuration", () => {
  it("serves the service's login page under the application's host and keeps /auth/verify internal", async () => {
    const client = g.client();
    const login = await client.get("/login");
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="_csrf"');
    expect((await client.get("/auth/verify")).status).toBe(404);
    expect(g.upstream.received).toHaveLength(0);
  });
});

import { documentedNginxConfig, gatewayServerConfig } from "../support/nginx/documentedNginxConfig";

const IDENTITY_HEADERS = ["X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-User-Id", "X-Auth-Request-Auth0-Id", "X-Auth-Request-Migration"];

describe("docs/integration.md's nginx block (the one the gateway tests run)", () => {
  const doc = documentedNginxConfig();

  it("copies every identity header of /auth/verify's answer and sets it on every request to the application", () => {
    for (const name of IDENTITY_HEADERS) {
      const variable = `$upstream_http_${name.toLowerCase().replace(/-/g, "_")}`;
      const set = new RegExp(`auth_request_set\\s+(\\$\\w+)\\s+\\${variable};`).exec(doc);
      expect(set).not.toBeNull();
      expect(doc).toMatch(new RegExp(`proxy_set_header\\s+${name}\\s+\\${set![1]};`));
    }
    expect(doc).toMatch(/underscores_in_headers off;/);
    expect(doc).toMatch(/location = \/auth\/verify \{\s*internal;/);
    expect(doc).toMatch(/proxy_set_header X-Forwarded-Uri "";/);
  });

  it("changes only the addresses for the test, and drops exactly the check for the bench's baseline", () => {
    const ports = { listen: 41001, service: 41002, application: 41003 };
    const tested = gatewayServerConfig(ports);
    expect(tested).toContain("listen 127.0.0.1:41001;");
    expect(tested).toContain("server 127.0.0.1:41002;");
    expect(tested).toContain("server 127.0.0.1:41003;");
    expect(tested.split("\n")).toHaveLength(doc.split("\n").length);
    const baseline = gatewayServerConfig(ports, { withoutAuth: true });
    expect(baseline).not.toMatch(/^\s*(auth_request|auth_request_set|error_page 401)\b/m);
    expect(baseline).not.toContain("$auth_");
    expect(tested).toMatch(/^\s*auth_request \/auth\/verify;/m);
    expect(baseline).toContain("proxy_pass http://application;");
  });

  it("refuses a doc without the marked block", () => {
    expect(() => documentedNginxConfig("# no config here")).toThrow(/nginx-config:begin/);
    expect(() => gatewayServerConfig({ listen: 1, service: 2, application: 3 }, { doc: "<!-- nginx-config:begin -->\n```nginx\nlisten 80;\n```\n<!-- nginx-config:end -->" })).toThrow(/server 127.0.0.1:3000;/);
  });
});

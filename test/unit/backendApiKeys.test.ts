import { loadConfig } from "../../src/config";
import { BackendApiKeys } from "../../src/web/BackendApiKeys";
import { normalizeClientIp } from "../../src/web/routes/backendRoutes";

const KEY = "k".repeat(32);

describe("BACKEND_API_KEYS", () => {
  it("is a comma-separated list of keys of 32 characters or more", () => {
    expect(loadConfig({ BACKEND_API_KEYS: `${KEY}, ${"m".repeat(40)}` }).backendApiKeys).toEqual([KEY, "m".repeat(40)]);
    expect(loadConfig({}).backendApiKeys).toEqual([]);
  });

  it.each([["k".repeat(31)], [`${KEY},short`], [`${"k".repeat(30)} ab`], [" , "]])("refuses %p, naming the variable", (value) => {
    expect(() => loadConfig({ BACKEND_API_KEYS: value })).toThrow(/^BACKEND_API_KEYS: /);
  });
});

describe("BackendApiKeys", () => {
  const keys = new BackendApiKeys([KEY, "n".repeat(33)]);

  it("accepts each key as a Bearer token, and nothing else", () => {
    expect(keys.accepts(`Bearer ${KEY}`)).toBe(true);
    expect(keys.accepts(`Bearer ${"n".repeat(33)}`)).toBe(true);
    for (const header of [undefined, "", KEY, `bearer ${KEY}`, `Bearer  ${KEY}`, `Bearer ${KEY} `, `Bearer ${KEY.slice(1)}`, "Bearer ", `Basic ${KEY}`]) {
      expect(keys.accepts(header)).toBe(false);
    }
  });

  it("is not configured without keys, and then accepts nothing", () => {
    const none = new BackendApiKeys([]);
    expect(none.configured).toBe(false);
    expect(none.accepts("Bearer ")).toBe(false);
    expect(none.accepts(`Bearer ${KEY}`)).toBe(false);
  });
});

describe("normalizeClientIp", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    [" 192.0.2.1 ", "192.0.2.1"],
    ["2001:DB8::0:1", "2001:db8::1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::1", "::1"],
  ])("%p -> %p", (raw, ip) => {
    expect(normalizeClientIp(raw)).toBe(ip);
  });

  it.each([["not-an-ip"], [""], ["192.0.2"], ["192.0.2.1:80"], ["fe80::1%eth0"], ["1.2.3.4, 5.6.7.8"], ["01.2.3.4"]])("refuses %p", (raw) => {
    expect(normalizeClientIp(raw)).toBeNull();
  });
});

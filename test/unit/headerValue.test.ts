import { headerValue } from "../../src/gateway/headerValue";

function decode(value: string): string {
  return value.startsWith("UTF-8''") ? decodeURIComponent(value.slice("UTF-8''".length)) : value;
}

describe("headerValue", () => {
  it.each(["alice", "alice@example.com", "auth0|abc123", "O'Brien (admin)", "a b"])("passes printable ASCII %j as it is", (v) => {
    expect(headerValue(v)).toBe(v);
  });

  it.each(["jörg", "用户", "a\r\nX-Evil: 1", "tab\there", " padded ", "nul\u0000", "UTF-8''literal", "emoji 😀", "ÿ"])(
    "encodes %j so that Node accepts it and it decodes back",
    (v) => {
      const encoded = headerValue(v);
      expect(encoded.startsWith("UTF-8''")).toBe(true);
      expect(encoded).toMatch(/^[\x21-\x7e]+$/);
      expect(decode(encoded)).toBe(v);
      const headers = new Headers();
      headers.set("x-auth-request-user", encoded);
      expect(headers.get("x-auth-request-user")).toBe(encoded);
    },
  );

  it("escapes the characters RFC 8187 leaves out of attr-char", () => {
    expect(headerValue("é'()*!")).toBe("UTF-8''%C3%A9%27%28%29%2A%21");
  });
});

import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { HASH_VECTORS as VECTORS, LETMEIN } from "../support/hashVectors";

/**
 * Known-answer tests: every vector comes from the framework's (or reference library's) own
 * published tests or documentation, cited beside it. Each must verify with its password, be
 * rejected with a wrong one, and be identified as its format.
 */
const registry = createHasherRegistry("bcrypt", { bcryptCost: 4, pbkdf2Iterations: 1000 });

describe.each(VECTORS)("$format: $source", ({ format, password, encoded, wrong }) => {
  it("is identified by shape, verifies the right password and rejects a wrong one", async () => {
    expect(registry.identify(encoded)?.algorithm).toBe(format);
    expect(await registry.verify(password, encoded)).toBe(true);
    expect(await registry.verify(wrong ?? `${password}z`, encoded)).toBe(false);
  });
});

// Every vector cut short, and common garbage: never a match, never an exception.
const GARBAGE: Array<[string, string]> = [
  ["empty", ""],
  ["unusable sentinel", "!"],
  ["unusable sentinel with suffix", "!abc"],
  ["Django's unusable form", "!Jxk3V9Tq0lXwzAHQY2pKcNvE8Ld5RbSg7fM1uoyi"],
  ["unknown algorithm", "lolcat$salt$hash"],
  ["bare sha1 hex (not accepted, as in Django)", "6d138ca3ae545631b3abd71a4f076ce759c5700b"],
  ["NUL bytes", "pbkdf2_sha256$1000$salt\u0000$\u0000"],
  ["NUL inside a bcrypt value", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvy\u0000eW"],
  ["10 kB of text", "x".repeat(10_240)],
  ["10 kB base64-looking", `A${"Q".repeat(10_239)}`],
  ["10 kB with a pbkdf2 prefix", `pbkdf2_sha256$1000$salt$${"A".repeat(10_240)}`],
  ["bcrypt cost 99", "$2b$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"],
  ["bcrypt cost 03", "$2b$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"],
  ["pbkdf2 iterations above 10M", "pbkdf2_sha256$10000001$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="],
  ["pbkdf2 huge number", "pbkdf2_sha256$99999999999999999999$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="],
  ["pbkdf2 zero iterations", "pbkdf2_sha256$0$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="],
  ["pbkdf2 wrong base64", "pbkdf2_sha256$1000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c*"],
  ["pbkdf2 negative iterations", "pbkdf2_sha256$-5$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="],
  ["scrypt N not a power of two", "scrypt$16383$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw=="],
  ["scrypt N too large", "scrypt$1073741824$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw=="],
  ["scrypt p absurd", "scrypt$16384$seasalt$8$100000$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw=="],
  ["argon2 memory absurd", "argon2$argon2id$v=19$m=99999999,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw"],
  ["argon2 time absurd", "argon2$argon2id$v=19$m=8,t=9999,p=1$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw"],
  ["argon2 garbled parameters", "argon2$argon2id$v=19$m=,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw"],
  ["argon2 version 0x10 with a large cost", "argon2$argon2i$m=65536,t=4,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg"],
  ["argon2d (never written by Django)", "argon2$argon2d$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q"],
  ["sha-crypt rounds above 10M", "$5$rounds=10000001$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5"],
  ["sha-crypt rounds huge number", "$6$rounds=99999999999999$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"],
  ["phpass rounds 2^30", "$P$S9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"],
  ["aspnet v3 iterations above 10M", Buffer.concat([Buffer.from([1, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 16]), Buffer.alloc(48, 7)]).toString("base64")],
  ["aspnet v3 unknown PRF", Buffer.concat([Buffer.from([1, 0, 0, 0, 9, 0, 0, 3, 0xe8, 0, 0, 0, 16]), Buffer.alloc(48, 7)]).toString("base64")],
  ["aspnet v3 salt length past the end", Buffer.concat([Buffer.from([1, 0, 0, 0, 1, 0, 0, 3, 0xe8, 0x7f, 0xff, 0xff, 0xff]), Buffer.alloc(48, 7)]).toString("base64")],
  ["aspnet v2 wrong length", Buffer.concat([Buffer.from([0]), Buffer.alloc(50, 7)]).toString("base64")],
  ["aspnet unknown marker byte", Buffer.concat([Buffer.from([2]), Buffer.alloc(60, 7)]).toString("base64")],
  ["md5-crypt bad character", "$1$dOHYPKoP$tnxS1T8Q6VVn3kpV8cN6o!"],
  ["django crypt salt outside ./0-9A-Za-z", "crypt$$!gAwTx2l6NADI"],
  ["django crypt 14 characters", "crypt$$OgAwTx2l6NADIj"],
  ["django crypt with a $ in the crypt", "crypt$$Og$wTx2l6NADI"],
  ["django crypt with no salt field", "crypt$OgAwTx2l6NADI"],
  ...VECTORS.flatMap((v): Array<[string, string]> => [
    [`${v.source}: truncated by one`, v.encoded.slice(0, -1)],
    [`${v.source}: cut in half`, v.encoded.slice(0, Math.floor(v.encoded.length / 2))],
    [`${v.source}: behind the unusable prefix`, `!${v.encoded}`],
  ]),
];

describe("garbage", () => {
  it.each(GARBAGE)("%s: never a match, never an exception", async (_name, encoded) => {
    await expect(registry.verify("secret", encoded)).resolves.toBe(false);
    await expect(registry.verify("", encoded)).resolves.toBe(false);
    expect(() => registry.needsRehash(encoded)).not.toThrow();
  });

  it("rejects null and undefined", async () => {
    await expect(registry.verify("secret", null)).resolves.toBe(false);
    await expect(registry.verify("secret", undefined)).resolves.toBe(false);
  });
});

// Round trips at low cost for every format the service can write.
describe.each([
  ["bcrypt", /^\$2b\$04\$/],
  ["django_bcrypt", /^bcrypt\$\$2b\$04\$/],
  ["bcrypt_sha256", /^bcrypt_sha256\$\$2b\$04\$/],
  ["pbkdf2_sha256", /^pbkdf2_sha256\$1000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/],
  ["pbkdf2_sha1", /^pbkdf2_sha1\$1000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{27}=$/],
  ["argon2", /^argon2\$argon2id\$v=19\$m=64,t=1,p=1\$/],
  ["scrypt", /^scrypt\$1024\$[A-Za-z0-9]{22}\$8\$1\$[A-Za-z0-9+/]{86}==$/],
])("writes %s", (format, shape) => {
  const writer = createHasherRegistry(format, {
    bcryptCost: 4,
    pbkdf2Iterations: 1000,
    argon2: { memoryCost: 64, timeCost: 1, parallelism: 1 },
    scrypt: { n: 1024, r: 8, p: 1 },
  });

  it("in the legacy app's own shape, and reads it back", async () => {
    const encoded = await writer.encode(`${LETMEIN}-${format}`);
    expect(encoded).toMatch(shape);
    expect(writer.identify(encoded)?.algorithm).toBe(format);
    expect(await writer.verify(`${LETMEIN}-${format}`, encoded)).toBe(true);
    expect(await writer.verify(`${LETMEIN}-${format}x`, encoded)).toBe(false);
    expect(writer.needsRehash(encoded)).toBe(false);
  });
});

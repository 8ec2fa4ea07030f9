import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { Pbkdf2Sha256Hasher } from "../../src/legacy/hashers/Pbkdf2Sha256Hasher";

describe("bcrypt", () => {
  const bcrypt = new BcryptHasher(4);

  // Published test vectors (OpenBSD / jBCrypt test suites).
  it.each([
    ["U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"],
    ["", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."],
    ["abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"],
  ])("verifies the published vector for %j", async (password, encoded) => {
    expect(await bcrypt.verify(password, encoded)).toBe(true);
    expect(await bcrypt.verify(`${password}x`, encoded)).toBe(false);
  });

  it("reads PHP's $2y$ and $2b$ prefixes as the same algorithm", async () => {
    const encoded = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
    expect(await bcrypt.verify("U*U", `$2y$${encoded.slice(4)}`)).toBe(true);
    expect(await bcrypt.verify("U*U", `$2b$${encoded.slice(4)}`)).toBe(true);
  });

  it("round-trips its own hashes", async () => {
    const encoded = await bcrypt.encode("S3cret-pass");
    expect(encoded).toMatch(/^\$2[ab]\$04\$/);
    expect(await bcrypt.verify("S3cret-pass", encoded)).toBe(true);
  });
});

describe("Django pbkdf2_sha256", () => {
  const pbkdf2 = new Pbkdf2Sha256Hasher(1000);
  // Values computed independently with Python's hashlib.pbkdf2_hmac (what Django calls).
  it.each([
    ["lètmein", "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A="],
    ["lètmein", "pbkdf2_sha256$1000000$seasalt2$egbhFghgsJVDo5Tpg/k9ZnfbySKQ1UQnBYXhR97a7sk="],
  ])("verifies %j against %s", async (password, encoded) => {
    expect(await pbkdf2.verify(password, encoded)).toBe(true);
    expect(await pbkdf2.verify("letmein", encoded)).toBe(false);
  });

  it("encodes in Django's format at the configured iteration count", async () => {
    const encoded = await pbkdf2.encode("p4ss-word");
    expect(encoded).toMatch(/^pbkdf2_sha256\$1000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
    expect(await pbkdf2.verify("p4ss-word", encoded)).toBe(true);
  });
});

describe("HasherRegistry", () => {
  const registry = createHasherRegistry("bcrypt", { bcryptCost: 4, pbkdf2Iterations: 1000 });

  it.each([
    ["empty", ""],
    ["unusable sentinel", "!abcdef"],
    ["unknown shape", "md5$zzz$not-supported-yet"],
    ["truncated bcrypt", "$2b$10$abc"],
    ["bcrypt with a bad cost", "$2b$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"],
    ["pbkdf2 with garbage iterations", "pbkdf2_sha256$abc$salt$hash"],
    ["pbkdf2 with absurd iterations", "pbkdf2_sha256$99999999$salt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A="],
    ["pbkdf2 with a short hash", "pbkdf2_sha256$1000$salt$AAAA"],
    ["null", null],
  ])("never matches and never throws on %s", async (_name, encoded) => {
    const dummy = jest.spyOn(registry, "runDummy");
    await expect(registry.verify("any password", encoded)).resolves.toBe(false);
    dummy.mockRestore();
  });

  it("runs the dummy hash for unusable and unknown values (timing parity)", async () => {
    const dummy = jest.spyOn(registry, "runDummy");
    await registry.verify("x", "!unusable");
    await registry.verify("x", "garbage");
    expect(dummy).toHaveBeenCalledTimes(2);
    dummy.mockRestore();
  });

  it("identifies each format by shape and writes the configured one", async () => {
    expect(registry.identify("$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")?.algorithm).toBe("bcrypt");
    expect(registry.identify("pbkdf2_sha256$1000$s$h")?.algorithm).toBe("pbkdf2_sha256");
    expect(registry.identify("sha1$salt$hash")?.algorithm).toBe("sha1");
    expect(registry.identify("lolcat$salt$hash")).toBeUndefined();
    expect(await registry.encode("pw-12345")).toMatch(/^\$2[ab]\$04\$/);
    const django = createHasherRegistry("pbkdf2_sha256", { pbkdf2Iterations: 1000 });
    expect(await django.encode("pw-12345")).toMatch(/^pbkdf2_sha256\$1000\$/);
  });

  it("refuses a write format it does not know, or one it only reads", () => {
    expect(() => createHasherRegistry("rot13")).toThrow(/rot13/);
    expect(() => createHasherRegistry("unsalted_md5")).toThrow(/read only/);
    expect(() => createHasherRegistry("crypt")).toThrow(/read only/);
  });
});

describe("needsRehash", () => {
  const registry = createHasherRegistry("pbkdf2_sha256", { pbkdf2Iterations: 1000, bcryptCost: 4 });

  it("is true for a lower cost than configured, or another family than the write format", async () => {
    const weak = await new Pbkdf2Sha256Hasher(999).encode("pw");
    const same = await new Pbkdf2Sha256Hasher(1000).encode("pw");
    const stronger = await new Pbkdf2Sha256Hasher(1001).encode("pw");
    expect(registry.needsRehash(weak)).toBe(true);
    expect(registry.needsRehash(same)).toBe(false);
    expect(registry.needsRehash(stronger)).toBe(false);
    expect(registry.needsRehash("md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3")).toBe(true);
    expect(registry.needsRehash(await new BcryptHasher(12).encode("pw"))).toBe(true);
  });

  it("compares bcrypt costs within the bcrypt family", async () => {
    const bcryptRegistry = createHasherRegistry("bcrypt", { bcryptCost: 5 });
    expect(bcryptRegistry.needsRehash("$2y$04$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).toBe(true);
    expect(bcryptRegistry.needsRehash("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).toBe(false);
  });

  it("is false for values there is nothing to upgrade from", () => {
    for (const encoded of ["", "!", "!pbkdf2_sha256$1$s$h", "lolcat$x", null]) expect(registry.needsRehash(encoded)).toBe(false);
  });
});

describe("harden_runtime", () => {
  const registry = createHasherRegistry("pbkdf2_sha256", { pbkdf2Iterations: 1000, bcryptCost: 4 });

  it("pays one write-format hash after a failed check against a weaker stored value", async () => {
    const dummy = jest.spyOn(registry, "runDummy");
    try {
      expect(await registry.verify("wrong", "md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3")).toBe(false);
      expect(dummy).toHaveBeenCalledTimes(1);
      expect(await registry.verify("wrong", await new Pbkdf2Sha256Hasher(10).encode("pw"))).toBe(false);
      expect(dummy).toHaveBeenCalledTimes(2);
    } finally {
      dummy.mockRestore();
    }
  });

  it("adds nothing to a check in the write format at its cost, nor to a right password", async () => {
    const dummy = jest.spyOn(registry, "runDummy");
    try {
      const current = await registry.encode("pw");
      expect(await registry.verify("wrong", current)).toBe(false);
      expect(await registry.verify("lètmein", "md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3")).toBe(true);
      expect(dummy).not.toHaveBeenCalled();
    } finally {
      dummy.mockRestore();
    }
  });
});

describe("Django crypt (DES)", () => {
  const registry = createHasherRegistry("bcrypt", { bcryptCost: 4 });
  const encoded = "crypt$$abN/qM.L/H8EQ"; // Django 1.4's test_crypt vector for "letmein"

  it("counts only the first 8 bytes of the password, as crypt(3) does", async () => {
    expect(await registry.verify("letmein", encoded)).toBe(true);
    expect(await registry.verify("letmei", encoded)).toBe(false);
    expect(await registry.verify("password", "crypt$$abJnggxhB/yWI")).toBe(true);
    expect(await registry.verify("password and more", "crypt$$abJnggxhB/yWI")).toBe(true);
  });

  it("never matches a password with a NUL (Python's crypt refuses one; C would stop there)", async () => {
    expect(await registry.verify("letmein\u0000", encoded)).toBe(false);
    expect(await registry.verify("letmein\u0000x", "crypt$$abN/qM.L/H8EQ")).toBe(false);
  });

  it("is read only and always asks for a re-hash", () => {
    expect(registry.identify(encoded)?.encode).toBeUndefined();
    expect(registry.needsRehash(encoded)).toBe(true);
  });
});

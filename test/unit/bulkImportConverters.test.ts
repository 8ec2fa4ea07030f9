import { pbkdf2Sync } from "node:crypto";
import { Argon2Hasher } from "../../src/legacy/hashers/Argon2Hasher";
import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { DjangoPbkdf2Hasher } from "../../src/legacy/hashers/DjangoPbkdf2Hasher";
import { ScryptHasher } from "../../src/legacy/hashers/ScryptHasher";
import { convertLegacyHash } from "../../src/bulkImport/converters/convertLegacyHash";
import { verifyImportedHash } from "../../src/auth0/verifyImportedHash";
import type { ImportedHash } from "../../src/auth0/importedHash";
import { HASH_VECTORS, LETMEIN } from "../support/hashVectors";
import { ACCEPTED_AT_LIMIT, REFUSED_HASHES } from "../support/loginLimitHashes";

const registry = createHasherRegistry("bcrypt", { bcryptCost: 4, pbkdf2Iterations: 1000 });

const IMPORTABLE = new Set(["bcrypt", "django_bcrypt", "pbkdf2_sha256", "pbkdf2_sha1", "argon2", "sha1", "md5", "unsalted_md5", "unsalted_sha1", "scrypt", "aspnet_identity"]);

function fieldsOf(encoded: string): ImportedHash {
  const { conversion } = convertLegacyHash(registry, encoded);
  if (!conversion.importable) throw new Error(`not importable: ${conversion.reason}`);
  return conversion.fields;
}

// Each published vector: an importable one, converted, must open with its password (Auth0's
// semantics, the emulator's code) and not with a wrong one; the rest must say why not.
describe.each(HASH_VECTORS)("$format: $source", ({ format, password, encoded, wrong }) => {
  const { format: identified, conversion } = convertLegacyHash(registry, encoded);
  const legacyArgon2V16 = format === "argon2" && !encoded.includes("$v=19$");

  it("is identified as its format", () => {
    expect(identified).toBe(format);
  });

  if (IMPORTABLE.has(format) && !legacyArgon2V16) {
    it("converts to fields Auth0 verifies with the original password, and not with a wrong one", async () => {
      expect(conversion.importable).toBe(true);
      const fields = fieldsOf(encoded);
      expect(await verifyImportedHash(password, fields)).toBe(true);
      expect(await verifyImportedHash(wrong ?? `${password}z`, fields)).toBe(false);
    });
  } else {
    it("is not importable, with a reason", () => {
      expect(conversion).toEqual({ importable: false, reason: expect.stringMatching(/\S/) });
    });
  }
});

describe("conversion shapes", () => {
  it("bcrypt at cost 10 with $2a$/$2b$ goes as password_hash; other costs and $2y$ as custom bcrypt", async () => {
    const cost10 = await new BcryptHasher(10).encode("pw-10");
    expect(fieldsOf(cost10)).toEqual({ password_hash: cost10 });
    expect(await verifyImportedHash("pw-10", fieldsOf(cost10))).toBe(true);
    const cost4 = await new BcryptHasher(4).encode("pw-4");
    expect(fieldsOf(cost4)).toEqual({ custom_password_hash: { algorithm: "bcrypt", hash: { value: cost4, encoding: "utf8" } } });
    const y = `$2y$${cost10.slice(4)}`;
    expect("custom_password_hash" in fieldsOf(y)).toBe(true);
    expect(await verifyImportedHash("pw-10", fieldsOf(y))).toBe(true);
    // Auth0 refuses anything but bcrypt-10 in password_hash: the verifier does too.
    expect(await verifyImportedHash("pw-4", { password_hash: cost4 })).toBe(false);
  });

  it("Django's bcrypt$ loses its prefix", async () => {
    const inner = await new BcryptHasher(10).encode("dj");
    expect(fieldsOf(`bcrypt$${inner}`)).toEqual({ password_hash: inner });
  });

  it("pbkdf2 is a PHC string with i= and l= always written and unpadded standard base64", async () => {
    const encoded = await new DjangoPbkdf2Hasher("pbkdf2_sha256", "sha256", 1000).encode("phc pw");
    const fields = fieldsOf(encoded);
    if (!("custom_password_hash" in fields)) throw new Error("expected custom_password_hash");
    expect(fields.custom_password_hash.algorithm).toBe("pbkdf2");
    expect(fields.custom_password_hash.hash.value).toMatch(/^\$pbkdf2-sha256\$i=1000,l=32\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await verifyImportedHash("phc pw", fields)).toBe(true);
    const sha1 = fieldsOf(HASH_VECTORS.find((v) => v.format === "pbkdf2_sha1")!.encoded);
    expect("custom_password_hash" in sha1 && sha1.custom_password_hash.hash.value).toMatch(/^\$pbkdf2-sha1\$i=390000,l=20\$/);
  });

  it("the verifier applies Auth0's pbkdf2 defaults (100000, 64) when i= and l= are left out", async () => {
    const salt = Buffer.from("some salt bytes");
    const hash = pbkdf2Sync("x", salt, 100_000, 64, "sha512");
    const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");
    const bare: ImportedHash = { custom_password_hash: { algorithm: "pbkdf2", hash: { value: `$pbkdf2-sha512$${b64(salt)}$${b64(hash)}` } } };
    expect(await verifyImportedHash("x", bare)).toBe(true);
    const onlyI: ImportedHash = { custom_password_hash: { algorithm: "pbkdf2", hash: { value: `$pbkdf2-sha512$i=100000$${b64(salt)}$${b64(hash)}` } } };
    expect(await verifyImportedHash("x", onlyI)).toBe(true);
    const otherI: ImportedHash = { custom_password_hash: { algorithm: "pbkdf2", hash: { value: `$pbkdf2-sha512$i=99999$${b64(salt)}$${b64(hash)}` } } };
    expect(await verifyImportedHash("x", otherI)).toBe(false);
    // Padded base64 is not what Auth0 reads.
    const padded: ImportedHash = { custom_password_hash: { algorithm: "pbkdf2", hash: { value: `$pbkdf2-sha512$i=100000,l=64$${salt.toString("base64")}$${hash.toString("base64")}` } } };
    expect(await verifyImportedHash("x", padded)).toBe(false);
  });

  it("argon2 keeps the PHC string without Django's prefix", async () => {
    const encoded = await new Argon2Hasher({ memoryCost: 64, timeCost: 1, parallelism: 1 }).encode("argon pw");
    const fields = fieldsOf(encoded);
    expect(fields).toEqual({ custom_password_hash: { algorithm: "argon2", hash: { value: encoded.slice("argon2".length), encoding: "utf8" } } });
    expect(await verifyImportedHash("argon pw", fields)).toBe(true);
  });

  it("scrypt carries its cost, block size, parallelization and key length", async () => {
    const encoded = await new ScryptHasher({ n: 1024, r: 8, p: 1 }).encode("scrypt pw");
    const fields = fieldsOf(encoded);
    expect(fields).toMatchObject({ custom_password_hash: { algorithm: "scrypt", keylen: 64, cost: 1024, blockSize: 8, parallelization: 1, salt: { encoding: "utf8" } } });
    expect(await verifyImportedHash("scrypt pw", fields)).toBe(true);
  });

  it("Django's salted digests put the salt as a utf8 prefix; unsalted ones have none", () => {
    expect(fieldsOf("md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3")).toEqual({
      custom_password_hash: { algorithm: "md5", hash: { value: "3f86d0d3d465b7b458c231bf3555c0e3", encoding: "hex" }, salt: { value: "seasalt", encoding: "utf8", position: "prefix" } },
    });
    expect(fieldsOf("88A434C88CCA4E900F7874CD98123F43")).toEqual({ custom_password_hash: { algorithm: "md5", hash: { value: "88a434c88cca4e900f7874cd98123f43", encoding: "hex" } } });
  });

  it("a corrupted conversion does not verify (what the safety net exists for)", async () => {
    const fields = fieldsOf("sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8");
    if (!("custom_password_hash" in fields)) throw new Error("expected custom");
    expect(await verifyImportedHash(LETMEIN, fields)).toBe(true);
    const corrupt = { custom_password_hash: { ...fields.custom_password_hash, salt: { value: "seasalt", encoding: "utf8" as const, position: "suffix" as const } } };
    expect(await verifyImportedHash(LETMEIN, corrupt)).toBe(false);
  });

  it("names why a format cannot go", () => {
    expect(convertLegacyHash(registry, "bcrypt_sha256$$2a$06$/3OeRpbOf8/l6nPPRdZPp.nRiyYqPobEZGdNRBWihQhiFDh1ws1tu").conversion).toEqual({ importable: false, reason: expect.stringContaining("bcrypt_sha256 pre-hashes") });
    expect(convertLegacyHash(registry, "$P$8ohUJ.1sdFw09/bMaAQPTGDNi2BIUt1").conversion).toEqual({ importable: false, reason: "phpass not supported by Auth0" });
    expect(convertLegacyHash(registry, "crypt$$ab1Hv2Lg7ltQo")).toEqual({ format: "crypt", conversion: { importable: false, reason: expect.stringContaining("DES crypt") } });
    expect(convertLegacyHash(registry, "!unusable")).toEqual({ format: "unusable", conversion: { importable: false, reason: "no usable password" } });
    expect(convertLegacyHash(registry, "lolcat$x$y")).toEqual({ format: "unknown", conversion: { importable: false, reason: "unrecognised hash format" } });
    expect(convertLegacyHash(registry, "pbkdf2_sha256$1000$salt$notbase64*").conversion.importable).toBe(false);
  });
});

// The converters decode with the login's own decoders; these tables keep the two from drifting:
// what the login refuses is never imported, and what it opens at its limits is imported.
describe("the dry run and the login agree at the login's limits", () => {
  it.each(REFUSED_HASHES)("$name: refused by the login, reported not importable", async ({ format, password, encoded: make, reason }) => {
    const encoded = await make();
    expect(registry.identify(encoded)?.algorithm).toBe(format);
    expect(await registry.verify(password, encoded)).toBe(false);
    expect(convertLegacyHash(registry, encoded)).toEqual({ format, conversion: { importable: false, reason } });
  });

  it.each(ACCEPTED_AT_LIMIT)("$name: opened by the login, imported, and Auth0 opens it too", async ({ format, password, encoded: make }) => {
    const encoded = await make();
    expect(registry.identify(encoded)?.algorithm).toBe(format);
    expect(await registry.verify(password, encoded)).toBe(true);
    const fields = fieldsOf(encoded);
    expect(await verifyImportedHash(password, fields)).toBe(true);
    expect(await verifyImportedHash(`${password}z`, fields)).toBe(false);
  });
});

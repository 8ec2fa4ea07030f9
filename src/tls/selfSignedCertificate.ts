import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from "./der";

export interface SelfSignedCertificate {
  /** PEM private key (PKCS#8). */
  key: string;
  /** PEM certificate: the server's certificate and, being self-signed, its own CA. */
  cert: string;
}

export interface SelfSignedOptions {
  commonName?: string;
  /** DNS names and IP addresses the certificate is valid for. */
  altNames?: string[];
  validDays?: number;
  now?: Date;
}

const ECDSA_WITH_SHA256 = sequence(oid("1.2.840.10045.4.3.2"));

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  // IPv6: expand "::" into the missing zero groups.
  const [head = "", tail] = ip.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, "0"), "hex")));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/**
 * A self-signed ECDSA P-256 certificate for a loopback TLS server (the emulator's `--tls`): it is its
 * own CA (so `NODE_EXTRA_CA_CERTS=cert.pem` trusts it) and names its hosts in subjectAltName.
 */
export function createSelfSignedCertificate(options: SelfSignedOptions = {}): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const commonName = options.commonName ?? "auth0-migrate emulator";
  const altNames = options.altNames ?? ["localhost", "127.0.0.1", "::1"];
  const now = options.now ?? new Date();
  // Backdated a little so a peer whose clock lags still accepts it.
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now.getTime() + (options.validDays ?? 825) * 24 * 60 * 60 * 1000);
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const name = sequence(set(sequence(oid("2.5.4.3"), utf8String(commonName))));
  const sanEntries = altNames.map((n) => (isIP(n) ? implicitPrimitive(7, ipBytes(n)) : implicitPrimitive(2, Buffer.from(n, "ascii"))));
  // The key identifier: SHA-1 of the public key bits (RFC 5280 4.2.1.2, method 1); the bits follow
  // the SPKI's algorithm header, and for P-256 an uncompressed point is the last 65 bytes.
  const keyId = createHash("sha1").update(spki.subarray(spki.length - 65)).digest();
  const extensions = sequence(
    extension("2.5.29.19", true, sequence(boolean(true))),
    // digitalSignature (bit 0) and keyCertSign (bit 5): 0b10000100, two unused trailing bits.
    extension("2.5.29.15", true, bitString(Buffer.from([0x84]), 2)),
    extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.1"))),
    extension("2.5.29.14", false, octetString(keyId)),
    extension("2.5.29.17", false, sequence(...sanEntries)),
  );
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    ECDSA_WITH_SHA256,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
  const body = der.toString("base64").replace(/.{1,64}/g, "$&\n");
  return {
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`,
  };
}

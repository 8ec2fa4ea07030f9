import { createSign, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from "node:crypto";

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JsonWebKey;
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(12).toString("base64url");
  const { n, e } = publicKey.export({ format: "jwk" });
  return { kid, privateKey, publicJwk: { kty: "RSA", use: "sig", alg: "RS256", kid, n, e } };
}

function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/**
 * The tenant's RS256 signing keys. Like Auth0 after a rotation, the JWKS publishes the current key and
 * the previous one (so tokens signed just before still verify); tokens are signed with the current key.
 * Signing is synchronous (node:crypto) so routes stay plain functions.
 */
export class SigningKeys {
  private current: SigningKey = newKey();
  private previous: SigningKey | undefined;

  get currentKid(): string {
    return this.current.kid;
  }

  /** A new current key; the old one stays published until the next rotation. Returns the new kid. */
  rotate(): string {
    this.previous = this.current;
    this.current = newKey();
    return this.current.kid;
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: this.previous ? [this.current.publicJwk, this.previous.publicJwk] : [this.current.publicJwk] };
  }

  /** A compact RS256 JWS of `payload` with the current key's `kid`. */
  sign(payload: Record<string, unknown>): string {
    const input = `${b64urlJson({ alg: "RS256", typ: "JWT", kid: this.current.kid })}.${b64urlJson(payload)}`;
    const signature = createSign("RSA-SHA256").update(input).sign(this.current.privateKey).toString("base64url");
    return `${input}.${signature}`;
  }
}

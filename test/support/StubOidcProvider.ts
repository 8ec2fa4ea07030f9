import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** How the ID token of one code is to be made wrong (nothing: a good one). */
export interface IdTokenTweaks {
  /** Sign with a key the JWKS does not publish (under the published kid). */
  foreignKey?: boolean;
  aud?: string;
  nonce?: string;
  /** Seconds from now; negative: already expired. */
  expiresIn?: number;
}

interface PendingCode {
  sub: string;
  nonce: string;
  challenge: string;
  redirectUri: string;
  tweaks: IdTokenTweaks;
  used: boolean;
}

/**
 * A minimal OpenID provider for relying-party tests: discovery, JWKS, and a token endpoint that
 * redeems codes the test issued (PKCE checked, each code once) with ID tokens the test can spoil.
 * The browser part (/authorize) is left to the test, which reads state and nonce off the redirect.
 */
export class StubOidcProvider {
  private server: Server | undefined;
  private readonly key = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly foreign = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly kid = randomBytes(8).toString("hex");
  private readonly codes = new Map<string, PendingCode>();
  baseUrl = "";
  /** Token requests answered (for the replay test). */
  tokenRequests = 0;

  constructor(readonly client: { id: string; secret: string }) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    this.baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The authorization step's outcome: a code for `sub`, bound to the request's nonce and PKCE challenge. */
  issueCode(authorizeUrl: URL, sub: string, tweaks: IdTokenTweaks = {}): string {
    const code = randomBytes(16).toString("base64url");
    this.codes.set(code, {
      sub,
      nonce: authorizeUrl.searchParams.get("nonce") ?? "",
      challenge: authorizeUrl.searchParams.get("code_challenge") ?? "",
      redirectUri: authorizeUrl.searchParams.get("redirect_uri") ?? "",
      tweaks,
      used: false,
    });
    return code;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
      return json(res, 200, {
        issuer: `${this.baseUrl}/`,
        authorization_endpoint: `${this.baseUrl}/authorize`,
        token_endpoint: `${this.baseUrl}/oauth/token`,
        userinfo_endpoint: `${this.baseUrl}/userinfo`,
        jwks_uri: `${this.baseUrl}/.well-known/jwks.json`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      });
    }
    if (req.method === "GET" && url.pathname === "/.well-known/jwks.json") {
      return json(res, 200, { keys: [{ ...this.key.publicKey.export({ format: "jwk" }), kid: this.kid, alg: "RS256", use: "sig" }] });
    }
    if (req.method === "POST" && url.pathname === "/oauth/token") {
      this.tokenRequests += 1;
      const form = new URLSearchParams(await readBody(req));
      const pending = this.codes.get(form.get("code") ?? "");
      const clientOk = form.get("client_id") === this.client.id && form.get("client_secret") === this.client.secret;
      if (!clientOk) return json(res, 401, { error: "access_denied", error_description: "Unauthorized" });
      if (!pending || pending.used || form.get("grant_type") !== "authorization_code" || form.get("redirect_uri") !== pending.redirectUri) {
        return json(res, 403, { error: "invalid_grant", error_description: "Invalid authorization code" });
      }
      pending.used = true;
      const verifier = form.get("code_verifier") ?? "";
      if (createHash("sha256").update(verifier).digest("base64url") !== pending.challenge) {
        return json(res, 403, { error: "invalid_grant", error_description: "Failed to verify code verifier" });
      }
      return json(res, 200, { access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 86400, id_token: this.idToken(pending) });
    }
    json(res, 404, { error: "not_found" });
  }

  private idToken(p: PendingCode): string {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: `${this.baseUrl}/`,
      sub: p.sub,
      aud: p.tweaks.aud ?? this.client.id,
      iat: now,
      exp: now + (p.tweaks.expiresIn ?? 3600),
      nonce: p.tweaks.nonce ?? p.nonce,
    };
    return signRs256({ alg: "RS256", typ: "JWT", kid: this.kid }, claims, p.tweaks.foreignKey ? this.foreign.privateKey : this.key.privateKey);
  }
}

function signRs256(header: object, claims: object, key: KeyObject): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

import { createHash } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import { cryptEncodeGroups } from "./cryptBase64";
import type { PasswordHasher } from "./PasswordHasher";

const SHAPE = /^\$1\$([^$]{0,8})\$([./0-9A-Za-z]{22})$/;
const ORDER = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5], [11]] as const;

/** Poul-Henning Kamp's md5-crypt, as in glibc/FreeBSD crypt(3). */
function md5Crypt(pw: Buffer, salt: Buffer): string {
  const md5 = () => createHash("md5");
  const alt = md5().update(pw).update(salt).update(pw).digest();
  const ctx = md5().update(pw).update("$1$").update(salt);
  for (let left = pw.length; left > 0; left -= 16) ctx.update(alt.subarray(0, Math.min(left, 16)));
  for (let i = pw.length; i > 0; i >>= 1) ctx.update(i & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let final = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const c = md5();
    c.update(i & 1 ? pw : final);
    if (i % 3) c.update(salt);
    if (i % 7) c.update(pw);
    c.update(i & 1 ? final : pw);
    final = c.digest();
  }
  return cryptEncodeGroups(final, ORDER);
}

/** crypt(3) `$1$<salt>$<hash>` (md5-crypt: Linux shadow files, old Cisco/Apache setups). Read only. */
export class Md5CryptHasher implements PasswordHasher {
  readonly algorithm = "md5_crypt";

  identifies(encoded: string): boolean {
    return encoded.startsWith("$1$");
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const match = SHAPE.exec(encoded);
    if (!match) return false;
    const [, salt, hash] = match as unknown as [string, string, string];
    return constantTimeEqual(md5Crypt(Buffer.from(password, "utf8"), Buffer.from(salt, "utf8")), hash);
  }

  needsRehash(): boolean {
    return true;
  }
}

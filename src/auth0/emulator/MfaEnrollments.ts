import { createHmac } from "node:crypto";
import { base32, totp, totpMatches } from "./totp";

/**
 * Users enrolled in the emulator's one-time-password MFA. Each user's TOTP secret is fixed (derived
 * from the emulator's key and the user id), so tests and a newcomer's authenticator app can compute
 * codes without an enrollment dance.
 */
export class MfaEnrollments {
  private readonly enrolled = new Set<string>();

  constructor(private readonly key: string) {}

  enroll(userId: string): { secret: string; otpauthUri: string } {
    this.enrolled.add(userId);
    const secret = base32(this.secret(userId));
    return { secret, otpauthUri: `otpauth://totp/auth0-emulator:${encodeURIComponent(userId)}?secret=${secret}&issuer=auth0-emulator` };
  }

  isEnrolled(userId: string): boolean {
    return this.enrolled.has(userId);
  }

  code(userId: string, atMs: number): string {
    return totp(this.secret(userId), atMs);
  }

  check(userId: string, code: string, nowMs: number): boolean {
    return totpMatches(this.secret(userId), code, nowMs);
  }

  clear(): void {
    this.enrolled.clear();
  }

  private secret(userId: string): Buffer {
    return createHmac("sha256", this.key).update(`totp\u0000${userId}`).digest().subarray(0, 20);
  }
}

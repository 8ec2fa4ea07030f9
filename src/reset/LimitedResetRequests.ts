import type { Logger } from "../logger";
import { usableEmail } from "../migration/Auth0Migrator";
import type { ResetRequestLimiter } from "./ResetRequestLimiter";

/** What the reset routes ask for: mail the links for an address, on behalf of a client. */
export interface ResetRequester {
  request(email: string, clientIp: string): Promise<void>;
}

/**
 * Reset requests within the per-address and per-client limits; a request over either sends
 * nothing. The caller answers every request alike, so the limit tells nothing either.
 */
export class LimitedResetRequests implements ResetRequester {
  constructor(
    private readonly reset: { request(email: string): Promise<void> },
    private readonly limiter: ResetRequestLimiter,
    private readonly logger: Logger,
  ) {}

  async request(email: string, clientIp: string): Promise<void> {
    const address = usableEmail(email);
    // No mail can go to an unusable address: nothing to count.
    if (!address) return;
    if (!(await this.limiter.allow(address, clientIp))) {
      this.logger.info({ ip: clientIp }, "password reset request over the limit: nothing sent");
      return;
    }
    await this.reset.request(address);
  }
}

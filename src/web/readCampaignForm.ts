import { BadRequestError } from "../errors";
import type { CampaignFilters } from "../reset/CampaignLauncher";

export interface CampaignForm {
  name: string;
  filters: CampaignFilters;
  /** The fields as the form shows them again (the confirm step re-posts them). */
  fields: { name: string; limit: string; resend_after_days: string; last_login_before: string };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_LIMIT = 10_000_000;
const MAX_DAYS = 3650;

/**
 * The dashboard's campaign form: optional name, limit, resend-after days and last-login date,
 * the same filters as `send-reset-emails`. A missing name gets one from `now`, so the dry run
 * and its confirmation name the same campaign and a double submit starts it once.
 */
export function readCampaignForm(body: unknown, now: Date): CampaignForm {
  const b = (body && typeof body === "object" && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const v = b[key];
    if (v === undefined) return "";
    if (typeof v !== "string" || v.length > 200) throw new BadRequestError(`"${key}" must be a short text.`, "invalid_request");
    return v.trim();
  };
  const fields = { name: text("name"), limit: text("limit"), resend_after_days: text("resend_after_days"), last_login_before: text("last_login_before") };
  const name = fields.name || `dashboard-${now.toISOString().slice(0, 19).replace(/[:T]/g, "-")}`;
  if (!NAME.test(name)) throw new BadRequestError("The campaign name may use letters, digits, spaces, dots, dashes and underscores (at most 100).", "invalid_request");
  const filters: CampaignFilters = {};
  if (fields.limit) filters.limit = wholeNumber("limit", fields.limit, 1, MAX_LIMIT);
  if (fields.resend_after_days) filters.resendAfterDays = wholeNumber("resend_after_days", fields.resend_after_days, 0, MAX_DAYS);
  if (fields.last_login_before) {
    const d = new Date(`${fields.last_login_before}T00:00:00Z`);
    if (!DATE.test(fields.last_login_before) || Number.isNaN(d.getTime())) {
      throw new BadRequestError('"last_login_before" must be a date (YYYY-MM-DD).', "invalid_request");
    }
    filters.lastLoginBefore = d;
  }
  return { name, filters, fields: { ...fields, name } };
}

function wholeNumber(key: string, value: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(value)) throw new BadRequestError(`"${key}" must be a whole number.`, "invalid_request");
  const n = Number(value);
  if (n < min || n > max) throw new BadRequestError(`"${key}" must be between ${min} and ${max}.`, "invalid_request");
  return n;
}

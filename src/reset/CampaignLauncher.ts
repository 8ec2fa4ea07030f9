/** Who a reset-email campaign selects (the CLI's flags and the dashboard's form). */
export interface CampaignFilters {
  /** Only users whose last login is before this date (or who never logged in). */
  lastLoginBefore?: Date;
  /** Skip users sent a reset email (any campaign) within this many days. */
  resendAfterDays?: number;
  /** At most this many users. */
  limit?: number;
}

export interface CampaignPreview {
  selected: number;
  /** A few of the selected users, for a person to check (no addresses beyond these). */
  sample: Array<{ id: string; username: string; email: string }>;
}

/**
 * Starting a bulk password-reset campaign for the unmigrated: a dry-run count first, then the
 * run itself (in the background; progress is read from auth0_reset_emails).
 */
export interface CampaignLauncher {
  preview(filters: CampaignFilters): Promise<CampaignPreview>;
  start(name: string, filters: CampaignFilters, createdBy: string): Promise<{ campaignId: number }>;
}

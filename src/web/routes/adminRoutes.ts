import type Router from "@koa/router";
import { newRouter } from "./newRouter";
import type { Context, Next } from "koa";
import { ForbiddenError } from "../../errors";
import type { LegacyUser } from "../../legacy/LegacyUser";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import type { Logger } from "../../logger";
import type { CampaignLauncher } from "../../reset/CampaignLauncher";
import type { StaffResetLinkHistory, StaffResetOutcome } from "../../reset/StaffResetLinks";
import type { BulkImportHistorySource } from "../../status/BulkImportHistoryQuery";
import type { CampaignHistorySource } from "../../status/CampaignHistoryQuery";
import type { StatusSource } from "../../status/MigrationStatusQuery";
import type { MigrationsPerDaySource } from "../../status/MigrationsPerDayQuery";
import type { StaffPolicy } from "../../status/StaffPolicy";
import { STUCK_STATES, type StuckState, type StuckUsersSource } from "../../status/StuckUsersQuery";
import { csrfTokenFor, requireCsrf } from "../csrf";
import { readCampaignForm } from "../readCampaignForm";
import { readPageParam } from "../readPageParam";
import { loginMethodOf } from "../sessionUser";
import { staffAccess } from "../staffAccess";
import { universalLoginPath } from "./universalLoginRoutes";
import { adminDashboardPage } from "../views/adminDashboardPage";
import { campaignPreviewPage } from "../views/campaignPreviewPage";

/** What the dashboard reads, besides the report; built in app.ts. */
export interface DashboardQueries {
  stuckUsers: StuckUsersSource;
  perDay: MigrationsPerDaySource;
  campaignHistory: CampaignHistorySource;
  bulkImport: BulkImportHistorySource;
}

export interface AdminPageDeps {
  users: LegacyUserStore;
  staff: StaffPolicy;
  status: StatusSource;
  dashboard: DashboardQueries;
  campaigns: CampaignLauncher;
  logger: Logger;
  /** `auth0`: only a session that came through Universal Login (staff get Auth0's MFA). */
  adminLogin?: "password" | "auth0";
  /** Staff send one stuck user a reset link; recorded with who did it. */
  resetLinks: StaffResetLinkHistory & { send(legacyUserId: string, staff: LegacyUser): Promise<StaffResetOutcome> };
}

const PAGE_SIZE = 20;
const CHART_DAYS = 30;
const CAMPAIGNS_SHOWN = 20;
/** Bulk import: the latest runs, each with its newest files; errors paged like the stuck lists. */
const IMPORT_RUNS_SHOWN = 5;
const IMPORT_FILES_PER_RUN = 20;
const IMPORT_REPAIRS_SHOWN = 20;

/** The staff-only HTML dashboard and its reset-email campaign form. */
export function adminRoutes(deps: AdminPageDeps): Router {
  const router = newRouter("/admin");

  // Runs before the CSRF check, so an anonymous post is sent to log in rather than told off.
  const staffOnly = async (ctx: Context, next: Next): Promise<void> => {
    const access = await staffAccess(ctx, deps.users, deps.staff);
    if (deps.adminLogin === "auth0" && (access.kind === "anonymous" || loginMethodOf(ctx) !== "auth0")) {
      // A password session is sent through Universal Login first; the staff rule applies after.
      ctx.status = 303;
      ctx.redirect(universalLoginPath("/admin"));
      return;
    }
    if (access.kind === "anonymous") {
      ctx.status = 303;
      ctx.redirect("/login?next=/admin");
      return;
    }
    if (access.kind === "forbidden") throw new ForbiddenError("This page is for staff only.");
    ctx.state.staffUser = access.user;
    await next();
  };

  router.get("/", staffOnly, async (ctx) => {
    const query = ctx.query as Record<string, unknown>;
    const pages = Object.fromEntries(STUCK_STATES.map((s) => [s, readPageParam(query, `${s}_page`)])) as Record<StuckState, number>;
    const errorsPage = readPageParam(query, "import_errors_page");
    const [report, perDay, campaigns, bulkImport, ...lists] = await Promise.all([
      deps.status.report(),
      deps.dashboard.perDay.lastDays(CHART_DAYS),
      deps.dashboard.campaignHistory.latest(CAMPAIGNS_SHOWN),
      deps.dashboard.bulkImport.overview({ runs: IMPORT_RUNS_SHOWN, filesPerRun: IMPORT_FILES_PER_RUN, errorsPage, pageSize: PAGE_SIZE, repairs: IMPORT_REPAIRS_SHOWN }),
      ...STUCK_STATES.map((s) => deps.dashboard.stuckUsers.page(s, pages[s], PAGE_SIZE)),
    ]);
    const staffLinks = await deps.resetLinks.latestFor(lists.flatMap((l) => l.users.map((u) => u.legacyUserId)));
    const session = ctx.session as Record<string, unknown>;
    const notice = typeof session.adminNotice === "string" ? session.adminNotice : undefined;
    delete session.adminNotice;
    ctx.type = "html";
    ctx.body = adminDashboardPage({
      staffName: (ctx.state.staffUser as LegacyUser).username,
      csrfToken: csrfTokenFor(ctx),
      report,
      perDay,
      lists,
      campaigns,
      pages,
      bulkImport,
      staffLinks,
      ...(notice ? { notice } : {}),
    });
  });

  router.post("/campaigns/preview", staffOnly, requireCsrf, async (ctx) => {
    const form = readCampaignForm(ctx.request.body, new Date());
    const preview = await deps.campaigns.preview(form.filters);
    ctx.type = "html";
    ctx.body = campaignPreviewPage({ csrfToken: csrfTokenFor(ctx), form, preview });
  });

  router.post("/campaigns", staffOnly, requireCsrf, async (ctx) => {
    const form = readCampaignForm(ctx.request.body, new Date());
    const staffName = (ctx.state.staffUser as LegacyUser).username;
    const { campaignId } = await deps.campaigns.start(form.name, form.filters, staffName);
    deps.logger.info({ campaign: form.name, campaignId, startedBy: staffName }, "reset campaign started from the dashboard");
    (ctx.session as Record<string, unknown>).adminNotice = `Campaign “${form.name}” started: the emails go out in the background; its row below shows the progress.`;
    ctx.status = 303;
    ctx.redirect("/admin");
  });

  router.post("/users/:id/reset-link", staffOnly, requireCsrf, async (ctx) => {
    const staff = ctx.state.staffUser as LegacyUser;
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const list = (STUCK_STATES as readonly string[]).includes(String(body.list)) ? String(body.list) : null;
    const outcome = await deps.resetLinks.send(ctx.params.id ?? "", staff);
    (ctx.session as Record<string, unknown>).adminNotice = RESET_LINK_NOTICE[outcome.kind];
    ctx.status = 303;
    ctx.redirect(list ? `/admin#list-${list}` : "/admin");
  });

  return router;
}

const RESET_LINK_NOTICE: Record<StaffResetOutcome["kind"], string> = {
  sent: "Reset link sent to the user's email address. It works once and expires; they choose a new password there and their account moves over.",
  failed: "The reset email could not be sent (the mail server refused it or could not be reached). Nothing was sent; please try again later.",
  not_active: "This user is not active (deactivated or deleted), so no link was sent.",
  no_email: "This user has no usable email address, so no link can be sent. They can log in and add an email address on their account page.",
  no_password: "This user's password is disabled in the application, so no reset link was sent.",
};

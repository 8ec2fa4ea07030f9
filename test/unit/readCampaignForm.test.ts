import { BadRequestError } from "../../src/errors";
import { readCampaignForm } from "../../src/web/readCampaignForm";
import { readPageParam } from "../../src/web/readPageParam";

const now = new Date("2026-11-28T10:20:30Z");

describe("readCampaignForm", () => {
  it("reads the filters and names an unnamed campaign after the moment", () => {
    const form = readCampaignForm({ name: "", limit: "50", resend_after_days: "7", last_login_before: "2026-01-01" }, now);
    expect(form.name).toBe("dashboard-2026-11-28-10-20-30");
    expect(form.filters).toEqual({ limit: 50, resendAfterDays: 7, lastLoginBefore: new Date("2026-01-01T00:00:00Z") });
    expect(form.fields.name).toBe(form.name);
  });

  it("leaves out the filters that are empty", () => {
    expect(readCampaignForm({ name: "spring wave" }, now)).toMatchObject({ name: "spring wave", filters: {} });
  });

  it.each([
    [{ limit: "0" }],
    [{ limit: "-1" }],
    [{ limit: "1e3" }],
    [{ resend_after_days: "abc" }],
    [{ last_login_before: "2026-13-45" }],
    [{ last_login_before: "yesterday" }],
    [{ name: "<script>" }],
    [{ name: ["a", "b"] }],
  ])("refuses %j with a 400", (body) => {
    expect(() => readCampaignForm(body, now)).toThrow(BadRequestError);
  });
});

describe("readPageParam", () => {
  it("defaults to 1 and reads a page number", () => {
    expect(readPageParam({}, "pending_page")).toBe(1);
    expect(readPageParam({ pending_page: "3" }, "pending_page")).toBe(3);
  });

  it.each(["0", "501", "x", "1.5", "99999"])("refuses %s", (v) => {
    expect(() => readPageParam({ p: v }, "p")).toThrow(BadRequestError);
  });

  it("refuses a repeated parameter", () => {
    expect(() => readPageParam({ p: ["1", "2"] }, "p")).toThrow(BadRequestError);
  });
});

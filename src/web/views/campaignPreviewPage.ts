import type { CampaignPreview } from "../../reset/CampaignLauncher";
import type { CampaignForm } from "../readCampaignForm";
import { ADMIN_STYLE } from "./adminStyle";
import { escapeHtml, layout } from "./html";

/** The dry run: how many users the campaign would email, and the button that starts it. */
export function campaignPreviewPage(model: { csrfToken: string; form: CampaignForm; preview: CampaignPreview }): string {
  const { form, preview } = model;
  const hidden = Object.entries(form.fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("\n");
  const sample = preview.sample.length
    ? `<p>For example:</p><ul>${preview.sample.map((u) => `<li>${escapeHtml(u.username)} &lt;${escapeHtml(u.email)}&gt;</li>`).join("")}</ul>`
    : "";
  const confirm =
    preview.selected > 0
      ? `<form method="post" action="/admin/campaigns">
<input type="hidden" name="_csrf" value="${escapeHtml(model.csrfToken)}">
${hidden}
<button type="submit" id="confirm-campaign">Send ${preview.selected} email${preview.selected === 1 ? "" : "s"}</button>
</form>`
      : `<p class="notice">Nobody matches: there is nothing to send.</p>`;
  return layout(
    "Reset-email campaign: dry run",
    `${ADMIN_STYLE}
<h1>Dry run: campaign “${escapeHtml(form.name)}”</h1>
<p class="notice" role="status" id="dry-run-count" data-selected="${preview.selected}"><strong>${preview.selected}</strong> user${preview.selected === 1 ? "" : "s"} would be emailed a password-reset link.</p>
${sample}
${confirm}
<p><a href="/admin">Back to the dashboard</a> (nothing is sent)</p>`,
  );
}

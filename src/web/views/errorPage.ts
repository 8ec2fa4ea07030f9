import { escapeHtml, layout } from "./html";

export function errorPage(status: number, message: string): string {
  return layout(`Error ${status}`, `<h1>Something went wrong</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>\n<p><a href="/">Back</a></p>`);
}

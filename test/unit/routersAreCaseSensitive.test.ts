import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Security review 17.3: a router built without `sensitive: true` would match `/API/...` again.
// Every router comes from newRouter(); this catches one built by hand.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

it("builds every router of the service through newRouter() (case-sensitive)", () => {
  const src = path.resolve(__dirname, "../../src");
  const files = sourceFiles(src);
  expect(files.length).toBeGreaterThan(20);
  const byHand = files.filter((f) => !f.endsWith(`${path.sep}newRouter.ts`) && /new Router\s*[(<]/.test(readFileSync(f, "utf8")));
  expect(byHand.map((f) => path.relative(src, f))).toEqual([]);
});

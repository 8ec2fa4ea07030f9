import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";

describe("Auth0Emulator state file", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "a0m-emu-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps users and their passwords across a restart", async () => {
    const stateFile = path.join(dir, "state.json");
    const make = () => new Auth0Emulator({ clientId: "c", clientSecret: "s", stateFile });
    const first = make();
    await first.start();
    const created = first.createUser({ email: "Keep@Example.com", password: "Kept-Pass-1", app_metadata: { legacy_id: "7" } });
    first.setBlocked(created.user_id, true);
    await first.stop();

    const second = make();
    await second.start();
    const again = second.getUser(created.user_id);
    expect(again).toMatchObject({ email: "keep@example.com", blocked: true, app_metadata: { legacy_id: "7" } });
    expect(second.checkPassword(created.user_id, "Kept-Pass-1")).toBe(true);
    expect(second.checkPassword(created.user_id, "other")).toBe(false);
    await second.stop();
  });

  it("starts empty without a state file", async () => {
    const emulator = new Auth0Emulator({ clientId: "c", clientSecret: "s", stateFile: path.join(dir, "none", "state.json") });
    await emulator.start();
    expect(emulator.listUsers()).toEqual([]);
    await emulator.stop();
  });
});

import { HASH_VECTORS } from "../support/hashVectors";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * Over HTTP, against a Django-shaped table: a user whose row holds a published vector of any
 * supported format logs in with its password and not with a wrong one; rows holding garbage
 * answer the generic 401, never a 500.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ table: "auth_user", env: { LEGACY_PRESET: "django" } });
});

afterAll(async () => {
  await t.close();
});

// One vector per format (an empty password cannot be submitted at all).
const ONE_PER_FORMAT = [...new Map(HASH_VECTORS.filter((v) => v.password !== "").map((v) => [v.format, v])).values()];

async function login(identifier: string, password: string): Promise<{ status: number; body: any }> {
  const res = await t.client().postJson("/api/login", { identifier, password });
  return { status: res.status, body: await res.json() };
}

it.each(ONE_PER_FORMAT)("logs in a user stored as $format ($source)", async ({ password, encoded, wrong }) => {
  const u = await t.users.create({ password, passwordHash: encoded });
  const bad = await login(u.username, wrong ?? `${password}z`);
  expect(bad.status).toBe(401);
  expect(bad.body.error).toBe("invalid_credentials");
  const good = await login(u.username, password);
  expect(good.status).toBe(200);
  expect(good.body.user.username).toBe(u.username);
});

it.each([
  ["a bcrypt cost beyond 31", "$2b$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"],
  ["absurd PBKDF2 iterations", "pbkdf2_sha256$99999999$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="],
  ["absurd SHA-crypt rounds", "$6$rounds=999999999$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"],
  ["a truncated argon2 value", "argon2$argon2id$v=19$m=102400,t=2,p=8$Y041dExhNkljRUUy$"],
  ["wrong base64", "AQAAAAEAA9CQAAAAIESkQuj2Du8Y+kbc5lcN/W/3NiAZFEm11P27nrSN5/tId+bR1SwV8CO1Jd72r4C08OLvplNlCDc3oQZ8efcW+jQ"],
  ["Django's unusable sentinel", "!Jxk3V9Tq0lXwzAHQY2pKcNvE8Ld5RbSg7fM1uoyi"],
  ["an unknown scheme", "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="],
])("answers 401 for a row holding %s", async (_name, encoded) => {
  const u = await t.users.create({ passwordHash: encoded });
  const res = await login(u.username, u.password);
  expect(res.status).toBe(401);
  expect(res.body.error).toBe("invalid_credentials");
});

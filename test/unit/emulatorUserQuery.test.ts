import { parseUserQuery, UserQueryError } from "../../src/auth0/emulator/userQuery";

const alice = {
  user_id: "auth0|aaa",
  email: "alice@example.com",
  blocked: true,
  identities: [{ connection: "DB-One", provider: "auth0" }],
  app_metadata: { legacy_id: 42, tags: ["x", "y"] },
};
const bob = { user_id: "auth0|bbb", email: "bob@example.org", identities: [{ connection: "DB-Two", provider: "auth0" }], app_metadata: {} };

describe("parseUserQuery", () => {
  it.each([
    ['identities.connection:"DB-One"', [true, false]],
    ["identities.connection:DB-Two", [false, true]],
    ['email:"ALICE@example.com"', [true, false]],
    ["email:*@example.org", [false, true]],
    ['identities.connection:"DB-One" AND blocked:true', [true, false]],
    ['identities.connection:"DB-One" blocked:false', [false, false]],
    ["app_metadata.legacy_id:42", [true, false]],
    ["app_metadata.tags:y", [true, false]],
    ["_exists_:app_metadata.legacy_id", [true, false]],
    ['user_id:"auth0|bbb"', [false, true]],
    ['name:"with \\"quote\\""', [false, false]],
  ])("%s", (q, expected) => {
    const predicate = parseUserQuery(q);
    expect([predicate(alice), predicate(bob)]).toEqual(expected);
  });

  it.each(["email:a OR email:b", "NOT blocked:true", "(email:a)", 'email:"unterminated', "justaword", "-blocked:true"])("refuses %s", (q) => {
    expect(() => parseUserQuery(q)).toThrow(UserQueryError);
  });
});

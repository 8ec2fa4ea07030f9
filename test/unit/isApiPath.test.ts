import { isApiPath } from "../../src/web/isApiPath";

describe("isApiPath", () => {
  it.each(["/api/login", "/API/login", "/Api/password-reset", "/%61pi/login", "/api%2Flogin", "//api/login", "/./api/login", "/x/../api/login", "/api", "/api/"])(
    "puts %s behind the JSON API guard",
    (path) => {
      expect(isApiPath(path)).toBe(true);
    },
  );

  it.each(["/login", "/apix", "/password-reset/api/x", "/%zz/api", "/"])("leaves %s to the page routes", (path) => {
    expect(isApiPath(path)).toBe(false);
  });
});

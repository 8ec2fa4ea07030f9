import { readFileSync } from "node:fs";
import path from "node:path";

// docker-compose.yml is read as text: the point is which ports it publishes, nothing more.
const compose = readFileSync(path.join(__dirname, "../../docker-compose.yml"), "utf8");

it("publishes only the service's port, on the host's loopback", () => {
  const published = [...compose.matchAll(/^\s*ports:\s*(.*)$/gm)].map((m) => m[1]);
  expect(published).toEqual(['["127.0.0.1:3000:3000"]']);
});

it("lets the containerised sandbox listen on the container's interfaces (127.0.0.1 is its default)", () => {
  expect(compose).toMatch(/^\s+HOST: 0\.0\.0\.0$/m);
});

import { migrationChart } from "../../src/web/views/migrationChart";

function bars(svg: string): Array<{ day: string; count: number; height: number; y: number }> {
  return [...svg.matchAll(/<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="[^"]+" data-day="([^"]*)" data-count="(\d+)">/g)].map((m) => ({
    y: Number(m[1]),
    height: Number(m[2]),
    day: m[3] as string,
    count: Number(m[4]),
  }));
}

const size = { width: 640, height: 180 };
// 180 - 16 (top margin) - 22 (bottom margin)
const PLOT_HEIGHT = 142;

describe("migrationChart", () => {
  it("draws one bar per day, the busiest at full height and the others in proportion", () => {
    const svg = migrationChart(
      [
        { day: "2026-11-26", count: 10 },
        { day: "2026-11-27", count: 5 },
        { day: "2026-11-28", count: 0 },
        { day: "2026-11-29", count: 20 },
      ],
      size,
    );
    const drawn = bars(svg);
    expect(drawn.map((b) => [b.day, b.count])).toEqual([
      ["2026-11-26", 10],
      ["2026-11-27", 5],
      ["2026-11-28", 0],
      ["2026-11-29", 20],
    ]);
    expect(drawn.map((b) => b.height)).toEqual([PLOT_HEIGHT / 2, PLOT_HEIGHT / 4, 0, PLOT_HEIGHT]);
    // Bars stand on one baseline.
    for (const b of drawn) expect(b.y + b.height).toBeCloseTo(16 + PLOT_HEIGHT, 5);
    expect(svg).toContain('aria-label="Migrations per day, 4 days: 35 in all"');
    expect(svg).toContain(">20</text>");
  });

  it("says there is nothing to show, with no bars, when every day is 0 or there are no days", () => {
    for (const days of [[], [{ day: "2026-11-28", count: 0 }]]) {
      const svg = migrationChart(days, size);
      expect(bars(svg)).toHaveLength(0);
      expect(svg).toContain("No migrations in this period");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg.endsWith("</svg>")).toBe(true);
    }
  });

  it("escapes the day labels it is given", () => {
    const svg = migrationChart([{ day: '<script>"x"</script>', count: 1 }], size);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;&quot;x&quot;&lt;/script&gt;");
  });
});

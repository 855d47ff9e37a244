import { describe, expect, it } from "vitest";
import { BarChart, barLayout, scaleTop } from "./charts.tsx";

describe("the server-drawn bar chart", () => {
  it("rounds the top of the scale up to 1, 2 or 5 times a power of ten", () => {
    expect(scaleTop(0)).toBe(1);
    expect(scaleTop(7)).toBe(10);
    expect(scaleTop(1210)).toBe(2000);
    expect(scaleTop(3050)).toBe(5000);
    expect(scaleTop(5000)).toBe(5000);
  });

  it("draws bars in proportion to their values on a common baseline, none negative", () => {
    const [a, b, c] = barLayout([
      { label: "T1", value: 500 },
      { label: "T2", value: 1000 },
      { label: "T3", value: -3 },
    ]);
    expect(b!.height).toBeCloseTo(a!.height * 2, 1);
    expect(a!.y + a!.height).toBe(b!.y + b!.height);
    expect(c!.height).toBe(0);
    expect(a!.x).toBeLessThan(b!.x);
  });

  it("is an image named by its title and described, with every value written in French, escaped, without a style attribute", () => {
    const html = String(<BarChart id="parc" title="Logements <T>" description="Répartition" bars={[{ label: "T1", value: 1210 }, { label: "T5 et +", value: 46 }]} />);
    expect(html).toContain('role="img" aria-labelledby="parc-title parc-desc"');
    expect(html).toContain('<title id="parc-title">Logements &lt;T&gt;</title>');
    expect(html).toContain('<desc id="parc-desc">Répartition</desc>');
    expect(html).toContain(">1\u202f210</text>");
    expect(html).toContain(">T5 et +</text>");
    expect(html).not.toContain("style=");
    expect([...html.matchAll(/<rect /g)]).toHaveLength(2);
  });
});

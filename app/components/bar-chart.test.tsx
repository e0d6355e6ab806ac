import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";

import { PercentBarChart } from "~/components/bar-chart";

test("the SVG chart is an image with a title and a description that reads out every bar", () => {
  const html = renderToStaticMarkup(
    <PercentBarChart
      title="Tỷ lệ hoàn thành theo đơn vị"
      bars={[
        { label: "Xã Hòa Bình", value: 62.5 },
        { label: "Xã Tân Lập", value: null },
      ]}
    />,
  );
  expect(html).toMatch(/<svg role="img" aria-labelledby="[^"]+-title [^"]+-desc"/);
  expect(html).toContain("<title id=");
  expect(html).toContain(">Tỷ lệ hoàn thành theo đơn vị</title>");
  expect(html).toContain("Xã Hòa Bình: 62,5%; Xã Tân Lập: chưa có người được tính</desc>");
});

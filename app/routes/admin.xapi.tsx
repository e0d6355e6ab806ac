import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { requireUserWithRole } from "~/auth/guards.server";
import { PUBLIC_ORIGIN } from "~/env.server";
import { listUnits, toUnitOptions } from "~/org/units.server";
import { parseXapiFilters } from "~/xapi/filters.server";

export const meta: MetaFunction = () => [{ title: "Xuất dữ liệu xAPI – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const { query } = await parseXapiFilters(new URL(args.request.url));
  return { query, units: toUnitOptions(await listUnits()), origin: PUBLIC_ORIGIN };
}

export default function XapiExport() {
  const { query, units, origin } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Xuất dữ liệu học tập (xAPI)</h1>
      <p>
        Các hoạt động học tập dưới dạng câu lệnh xAPI 1.0.3 (JSON) để nạp vào một kho dữ liệu học tập (LRS): hoàn thành
        bài học, làm bài kiểm tra (đạt / chưa đạt), hoàn thành khóa học, được cấp chứng nhận. Mỗi câu lệnh có mã cố
        định, nên xuất lại nhiều lần không tạo bản ghi trùng. Người học được ghi bằng tài khoản trên {origin}.
      </p>
      <Form method="get" action="/admin/xapi.json" className="filters" aria-label="Lọc dữ liệu xuất">
        <div className="field">
          <label htmlFor="xapi-from">Từ ngày</label>
          <input id="xapi-from" type="date" name="from" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="xapi-to">Đến ngày</label>
          <input id="xapi-to" type="date" name="to" defaultValue={query.to} />
        </div>
        <div className="field">
          <label htmlFor="xapi-unit">Đơn vị (kể cả đơn vị trực thuộc)</label>
          <select id="xapi-unit" name="unitId" defaultValue={query.unitId}>
            <option value="">Toàn hệ thống</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Tải tệp JSON
        </button>
      </Form>
    </>
  );
}

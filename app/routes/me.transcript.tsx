import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { TranscriptTable } from "~/components/transcript-table";
import { getTranscript, parseTranscriptPeriod, transcriptQuery } from "~/progress/transcript.server";

export const meta: MetaFunction = () => [{ title: "Bảng kết quả học tập – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const transcript = await getTranscript(user.id, parseTranscriptPeriod(new URL(args.request.url)));
  return { ...transcript, name: user.fullName };
}

export default function Transcript() {
  const { rows, creditedHours, period, name } = useLoaderData<typeof loader>();
  const q = transcriptQuery(period);
  const semicolon = transcriptQuery(period, { sep: "semicolon" });
  return (
    <div className="container">
      <div className="page-head">
        <h1>Bảng kết quả học tập</h1>
        <p>
          <a className="button button-secondary button-small" href={`/me/transcript.xlsx${q}`} download>
            Tải Excel (XLSX)
          </a>{" "}
          <a className="button button-secondary button-small" href={`/me/transcript.csv${q}`} download>
            Tải CSV
          </a>{" "}
          <a className="button button-secondary button-small" href={`/me/transcript.csv${semicolon}`} download>
            Tải CSV dấu chấm phẩy (Excel tiếng Việt)
          </a>{" "}
          <a className="button button-secondary button-small" href={`/me/transcript.pdf${q}`} download>
            Tải PDF
          </a>
        </p>
      </div>
      <p className="muted">{name}</p>
      <form method="get" className="filters" aria-label="Lọc theo thời gian hoàn thành">
        <p className="muted">Lọc theo ngày hoàn thành: chỉ hiện các khóa đã hoàn thành trong khoảng này.</p>
        <label>
          Từ ngày <input type="date" name="from" defaultValue={period.from} />
        </label>{" "}
        <label>
          Đến ngày <input type="date" name="to" defaultValue={period.to} />
        </label>{" "}
        <button type="submit" className="button button-small">
          Lọc
        </button>{" "}
        {period.from || period.to ? <a href="/me/transcript">Bỏ lọc</a> : null}
      </form>
      <TranscriptTable
        rows={rows}
        creditedHours={creditedHours}
        caption="Kết quả từng khóa học"
        certificateHref={(serial) => `/certificates/${serial}`}
      />
    </div>
  );
}

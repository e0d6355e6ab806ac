import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { TranscriptTable } from "~/components/transcript-table";
import { getTranscript } from "~/progress/transcript.server";

export const meta: MetaFunction = () => [{ title: "Bảng kết quả học tập – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  return { rows: await getTranscript(user.id), name: user.fullName };
}

export default function Transcript() {
  const { rows, name } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <div className="page-head">
        <h1>Bảng kết quả học tập</h1>
        <p>
          <a className="button button-secondary button-small" href="/me/transcript.csv" download>
            Tải CSV (Excel)
          </a>{" "}
          <a className="button button-secondary button-small" href="/me/transcript.pdf" download>
            Tải PDF
          </a>
        </p>
      </div>
      <p className="muted">{name}</p>
      <TranscriptTable
        rows={rows}
        caption="Kết quả từng khóa học"
        certificateHref={(serial) => `/certificates/${serial}`}
      />
    </div>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getOptionalUser } from "~/auth/guards.server";
import { MAX_QUERY_LENGTH, search, type Segment } from "~/courses/search.server";

export const meta: MetaFunction = () => [{ title: "Tìm kiếm – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const q = new URL(args.request.url).searchParams.get("q") ?? "";
  const outcome = await search({ query: q, viewer: getOptionalUser(args) });
  // Echo at most what the form accepts, so an absurd query does not bloat the page.
  return { q: q.slice(0, MAX_QUERY_LENGTH), outcome };
}

function Highlighted({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}

const MESSAGES = {
  empty:
    "Nhập từ khóa để tìm trong tên khóa học, tên bài, các mục và nội dung bài học. Có thể gõ không dấu, ví dụ: dan van kheo.",
  "too-long": `Từ khóa quá dài. Vui lòng nhập tối đa ${MAX_QUERY_LENGTH} ký tự.`,
  "no-words": "Từ khóa cần có ít nhất một chữ cái hoặc chữ số.",
} as const;

export default function SearchPage() {
  const { q, outcome } = useLoaderData<typeof loader>();
  return (
    <div className="container narrow">
      <h1>Tìm kiếm</h1>
      <form method="get" role="search" className="search-inline">
        <label htmlFor="search-q" className="visually-hidden">
          Từ khóa
        </label>
        <input
          id="search-q"
          type="search"
          name="q"
          defaultValue={q}
          maxLength={MAX_QUERY_LENGTH}
          placeholder="Ví dụ: dân vận khéo"
        />
        <button type="submit" className="button">
          Tìm
        </button>
      </form>
      {outcome.status !== "ok" ? (
        <p className="alert alert-info" role="status">
          {MESSAGES[outcome.status]}
        </p>
      ) : (
        <>
          <p role="status" className="muted">
            {outcome.results.length
              ? `Tìm thấy ${outcome.results.length} kết quả cho “${outcome.query}”.`
              : `Không tìm thấy kết quả nào cho “${outcome.query}”. Hãy thử từ khóa ngắn hơn hoặc từ đồng nghĩa.`}
          </p>
          <ol className="search-results">
            {outcome.results.map((r) => (
              <li key={r.href}>
                <h2 className="search-title">
                  <a href={r.href}>
                    <Highlighted segments={r.title} />
                  </a>
                  {r.draft ? <span className="badge badge-off">Bản nháp</span> : null}
                </h2>
                <p className="muted search-context">
                  {r.kind === "course" ? "Khóa học" : r.context}
                  {r.heading ? ` › ${r.heading}` : ""}
                </p>
                <p className="search-snippet">
                  <Highlighted segments={r.snippet} />
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

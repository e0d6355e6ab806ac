import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getOptionalUser } from "~/auth/guards.server";
import { listGlossary } from "~/courses/catalog.server";

export const meta: MetaFunction = () => [{ title: "Thuật ngữ – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  return { terms: await listGlossary(getOptionalUser(args)) };
}

export default function GlossaryPage() {
  const { terms } = useLoaderData<typeof loader>();
  return (
    <div className="container narrow">
      <h1>Thuật ngữ</h1>
      <p className="lead">Các khái niệm dùng trong các khóa học, xếp theo thứ tự chữ cái tiếng Việt.</p>
      <dl className="glossary">
        {terms.map((t) => (
          <div key={t.id} id={t.id} className="glossary-entry">
            <dt>{t.term}</dt>
            <dd>
              <p>{t.definition}</p>
              {t.lessons.length ? (
                <p className="muted">
                  Xem trong bài:{" "}
                  {t.lessons.map((l, i) => (
                    <span key={l.href}>
                      {i ? "; " : ""}
                      <a href={l.href}>{l.title}</a>
                    </span>
                  ))}
                </p>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { findStudioLesson } from "~/studio/lessons.server";
import { listSharedReflections, sharedReflectionIds } from "~/studio/reflections.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Suy ngẫm được chia sẻ: ${data?.lesson.title ?? "Bài học"} – Học Dân vận` },
];

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const found = await findStudioLesson({ courseId: args.params.course ?? "", slug: args.params.lesson ?? "" });
  if (!found) notFound("Không tìm thấy bài học.");
  const { lesson } = found;
  const notes = await listSharedReflections({ id: lesson.id, html: lesson.html });
  return {
    lesson: { title: lesson.title, slug: lesson.slug, course: lesson.course },
    shared: sharedReflectionIds(lesson.html),
    notes: notes.map((n) => ({ ...n, updatedAt: formatDateTime(n.updatedAt) })),
  };
}

export default function SharedReflections() {
  const { lesson, shared, notes } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <Breadcrumb
        items={[
          { label: "Soạn bài giảng", href: "/studio" },
          { label: lesson.title, href: `/studio/courses/${lesson.course.id}/${lesson.slug}` },
          { label: "Suy ngẫm được chia sẻ", current: true },
        ]}
      />
      <h1>Suy ngẫm được chia sẻ: {lesson.title}</h1>
      <p>
        Chỉ những câu trả lời người học viết ở câu hỏi suy ngẫm được đánh dấu “chia sẻ với giảng viên” (
        <code>{"<Reflection shared>"}</code>) mới hiện ở đây. Câu trả lời riêng tư không bao giờ hiện với giảng viên.
      </p>
      {shared.length === 0 ? (
        <p className="alert">Bài này không có câu hỏi suy ngẫm nào được chia sẻ với giảng viên.</p>
      ) : null}
      {shared.map((id) => {
        const mine = notes.filter((n) => n.reflectionId === id);
        return (
          <section key={id} className="card" aria-labelledby={`suy-ngam-${id}`}>
            <h2 id={`suy-ngam-${id}`}>Câu hỏi “{id}”</h2>
            {mine.length ? (
              <table>
                <caption className="visually-hidden">Câu trả lời cho câu hỏi “{id}”</caption>
                <thead>
                  <tr>
                    <th scope="col">Người học</th>
                    <th scope="col">Đơn vị</th>
                    <th scope="col">Ngày</th>
                    <th scope="col">Câu trả lời</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((n) => (
                    <tr key={n.id}>
                      <td>{n.learner}</td>
                      <td>{n.unit}</td>
                      <td>{n.updatedAt}</td>
                      <td style={{ whiteSpace: "pre-wrap" }}>{n.answer}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">Chưa có câu trả lời nào được chia sẻ.</p>
            )}
          </section>
        );
      })}
    </div>
  );
}
